package org.wxplatform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code /api/admin/accounts} and {@code /api/admin/users} over HTTP, as an operator's script uses them. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AdminApiIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.product();
    }

    @ArquillianResource
    URL base;

    private static String account(String name, String mode, String aesKey) {
        return Json.createObjectBuilder()
                .add("name", name)
                .add("secret", "0123456789abcdef0123456789abcdef")
                .add("token", "tokenABC123")
                .add("aesKey", aesKey)
                .add("mode", mode)
                .build()
                .toString();
    }

    private static JsonObject parse(String body) {
        return Json.createReader(new StringReader(body)).readObject();
    }

    private String superAdmin() {
        return Http.basic(TestEnv.ADMIN, TestEnv.adminPassword());
    }

    @Test
    void withoutCredentialsIs401WithBasicChallenge() throws Exception {
        Http http = new Http(base);
        HttpResponse<String> r = http.get("/api/admin/accounts", null);
        assertEquals(401, r.statusCode());
        assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));
        assertFalse(r.body().contains("Exception"), r.body());
        assertEquals(
                401,
                http.get("/api/admin/accounts", Http.basic(TestEnv.ADMIN, "wrong-password"))
                        .statusCode());
        assertEquals(401, http.get("/api/admin;x=1/accounts", null).statusCode(), "path parameters do not bypass");
    }

    @Test
    void superAdminCreatesUpdatesAndDeletesAdminOnlyReads() throws Exception {
        Http http = new Http(base);
        String appid = TestEnv.newAppid();
        String key = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

        HttpResponse<String> created =
                http.json("PUT", "/api/admin/accounts/" + appid, superAdmin(), account("客服号😀", "safe", key));
        assertEquals(201, created.statusCode(), created.body());
        JsonObject view = parse(created.body());
        assertEquals("客服号😀", view.getString("name"));
        assertFalse(created.body().contains("0123456789abcdef0123456789abcdef"), "secret never in full");
        assertFalse(created.body().contains(key), "AES key never in full");

        HttpResponse<String> again =
                http.json("PUT", "/api/admin/accounts/" + appid, superAdmin(), account("客服号😀", "safe", key));
        assertEquals(200, again.statusCode());
        assertEquals("UNCHANGED", again.headers().firstValue("X-WXP-Outcome").orElse(""));
        assertEquals(
                200,
                http.json("PUT", "/api/admin/accounts/" + appid, superAdmin(), account("改名", "compat", key))
                        .statusCode());
        assertEquals(
                409,
                http.json(
                                "POST",
                                "/api/admin/accounts",
                                superAdmin(),
                                parse(account("x", "plain", key)).entrySet().stream()
                                        .collect(
                                                Json::createObjectBuilder,
                                                (b, e) -> b.add(e.getKey(), e.getValue()),
                                                (a, b) -> {})
                                        .add("appid", appid)
                                        .build()
                                        .toString())
                        .statusCode());

        String adminUser = "ops" + Long.toHexString(System.nanoTime());
        assertEquals(
                201,
                http.json(
                                "PUT",
                                "/api/admin/users/" + adminUser,
                                superAdmin(),
                                "{\"password\":\"read-only-pass\",\"role\":\"ADMIN\"}")
                        .statusCode());
        String admin = Http.basic(adminUser, "read-only-pass");
        HttpResponse<String> list = http.get("/api/admin/accounts", admin);
        assertEquals(200, list.statusCode());
        assertTrue(list.body().contains(appid));
        assertEquals(
                403,
                http.send("DELETE", "/api/admin/accounts/" + appid, admin, null, null)
                        .statusCode());
        assertEquals(
                403,
                http.json("PUT", "/api/admin/accounts/" + appid, admin, account("hijack", "plain", key))
                        .statusCode());
        assertEquals(
                "改名",
                parse(http.get("/api/admin/accounts/" + appid, admin).body()).getString("name"));

        assertEquals(
                204,
                http.send("DELETE", "/api/admin/accounts/" + appid, superAdmin(), null, null)
                        .statusCode());
        assertEquals(
                404,
                http.send("DELETE", "/api/admin/accounts/" + appid, superAdmin(), null, null)
                        .statusCode());
        assertEquals(
                204,
                http.send("DELETE", "/api/admin/users/" + adminUser, superAdmin(), null, null)
                        .statusCode());
    }

    @Test
    void badInputGetsAClearReasonAndNoRow() throws Exception {
        Http http = new Http(base);
        String appid = TestEnv.newAppid();
        HttpResponse<String> noKey =
                http.json("PUT", "/api/admin/accounts/" + appid, superAdmin(), account("n", "safe", ""));
        assertEquals(400, noKey.statusCode());
        assertTrue(parse(noKey.body()).getString("error").contains("EncodingAESKey"), noKey.body());
        HttpResponse<String> badKey =
                http.json("PUT", "/api/admin/accounts/" + appid, superAdmin(), account("n", "safe", "short"));
        assertEquals(400, badKey.statusCode());
        assertFalse(badKey.body().contains("short"), "the key is not echoed");
        assertEquals(
                400,
                http.json("PUT", "/api/admin/accounts/not-an-appid", superAdmin(), account("n", "plain", ""))
                        .statusCode());
        assertEquals(
                400,
                http.json("PUT", "/api/admin/accounts/" + appid, superAdmin(), "{broken")
                        .statusCode());
        assertEquals(404, http.get("/api/admin/accounts/" + appid, superAdmin()).statusCode());
    }

    @Test
    void sessionSignInNeedsTheCsrfTokenToWrite() throws Exception {
        Http http = new Http(base);
        String form = "username=" + URLEncoder.encode(TestEnv.ADMIN, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(TestEnv.adminPassword(), StandardCharsets.UTF_8);
        assertEquals(
                401,
                http.send(
                                "POST",
                                "/api/auth/login",
                                null,
                                "application/x-www-form-urlencoded",
                                "username=admin&password=nope")
                        .statusCode());
        HttpResponse<String> login =
                http.send("POST", "/api/auth/login", null, "application/x-www-form-urlencoded", form);
        assertEquals(200, login.statusCode(), login.body());
        String csrf = parse(login.body()).getString("csrf");
        assertEquals(200, http.get("/api/admin/accounts", null).statusCode(), "the session authenticates reads");

        String appid = TestEnv.newAppid();
        String body = account("会话", "plain", "");
        assertEquals(
                403,
                http.json("PUT", "/api/admin/accounts/" + appid, null, body).statusCode(),
                "no CSRF token");
        var withToken = http.client()
                .send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "api/admin/accounts/" + appid))
                                .header("Content-Type", "application/json")
                                .header("X-WXP-CSRF", csrf)
                                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(201, withToken.statusCode(), withToken.body());
        assertEquals(
                204, http.send("POST", "/api/auth/logout", null, null, null).statusCode());
        assertEquals(401, http.get("/api/admin/accounts", null).statusCode());
        assertEquals(
                204,
                http.send("DELETE", "/api/admin/accounts/" + appid, superAdmin(), null, null)
                        .statusCode());
    }

    @Test
    void aChangedOrDeletedUserIsSignedOutAndTheLastSuperAdminStays() throws Exception {
        String user = "ops" + Long.toHexString(System.nanoTime());
        assertEquals(
                201,
                new Http(base)
                        .json(
                                "PUT",
                                "/api/admin/users/" + user,
                                superAdmin(),
                                "{\"password\":\"ops-pass-123\",\"role\":\"ADMIN\"}")
                        .statusCode());
        Http session = new Http(base);
        HttpResponse<String> login = session.send(
                "POST",
                "/api/auth/login",
                null,
                "application/x-www-form-urlencoded",
                "username=" + user + "&password=ops-pass-123");
        assertEquals(200, login.statusCode(), login.body());
        assertEquals(200, session.get("/api/admin/accounts", null).statusCode(), "signed in");
        // the role changes: the session that carried the old role ends at once
        assertEquals(
                200,
                new Http(base)
                        .json(
                                "PUT",
                                "/api/admin/users/" + user,
                                superAdmin(),
                                "{\"password\":\"ops-pass-123\",\"role\":\"AGENT\"}")
                        .statusCode());
        assertEquals(401, session.get("/api/admin/accounts", null).statusCode(), "signed out by the role change");
        // signed in again, then deleted: signed out again
        assertEquals(
                200,
                session.send(
                                "POST",
                                "/api/auth/login",
                                null,
                                "application/x-www-form-urlencoded",
                                "username=" + user + "&password=ops-pass-123")
                        .statusCode());
        assertEquals(
                204,
                new Http(base)
                        .send("DELETE", "/api/admin/users/" + user, superAdmin(), null, null)
                        .statusCode());
        assertEquals(401, session.get("/api/auth/me", null).statusCode(), "signed out by the deletion");

        // the bootstrap admin is the only SUPER_ADMIN of the test server: it cannot be demoted
        HttpResponse<String> demote = new Http(base)
                .json(
                        "PUT",
                        "/api/admin/users/" + TestEnv.ADMIN,
                        superAdmin(),
                        jakarta.json.Json.createObjectBuilder()
                                .add("password", TestEnv.adminPassword())
                                .add("role", "ADMIN")
                                .build()
                                .toString());
        assertEquals(409, demote.statusCode(), demote.body());
        assertTrue(demote.body().contains("last SUPER_ADMIN"), demote.body());
        assertEquals(200, new Http(base).get("/api/admin/users", superAdmin()).statusCode(), "still SUPER_ADMIN");
    }

    @Test
    void spellingsOfOneUsernameAreThrottledAsOneUser() throws Exception {
        Http http = new Http(base);
        String user = "spelled" + Long.toHexString(System.nanoTime());
        assertEquals(
                201,
                http.json(
                                "PUT",
                                "/api/admin/users/" + user,
                                superAdmin(),
                                "{\"password\":\"right-pass-1\",\"role\":\"ADMIN\"}")
                        .statusCode());
        StringBuilder wide = new StringBuilder();
        for (char c : user.toCharArray()) {
            wide.append((char) (c - '!' + '\uFF01'));
        }
        // the lookup finds the user under each spelling, so the throttle must count them as one
        List<String> spellings =
                List.of(user.toUpperCase(java.util.Locale.ROOT), " " + user, wide.toString(), user + " ", user);
        String attacker = "203.0.113." + (1 + (int) (Math.random() * 250));
        for (String spelling : spellings) {
            assertEquals(
                    401,
                    from(
                                    attacker,
                                    "POST",
                                    "/api/auth/login",
                                    null,
                                    "username=" + URLEncoder.encode(spelling, StandardCharsets.UTF_8)
                                            + "&password=guess")
                            .statusCode(),
                    "guess as '" + spelling + "'");
        }
        assertEquals(
                429,
                from(attacker, "POST", "/api/auth/login", null, "username=" + user + "&password=right-pass-1")
                        .statusCode(),
                "five failures of one user under five spellings lock it from that address");
        String other = "198.51.100." + (1 + (int) (Math.random() * 250));
        HttpResponse<String> upper = from(
                other,
                "POST",
                "/api/auth/login",
                null,
                "username=" + user.toUpperCase(java.util.Locale.ROOT) + "&password=right-pass-1");
        assertEquals(200, upper.statusCode(), upper.body());
        assertEquals(user, parse(upper.body()).getString("username"), "signed in as the one user");
        assertEquals(
                204,
                http.send(
                                "DELETE",
                                "/api/admin/users/" + URLEncoder.encode(wide.toString(), StandardCharsets.UTF_8),
                                superAdmin(),
                                null,
                                null)
                        .statusCode());
    }

    @Test
    void basicWritesFromAnotherSitesPageAreRefused() throws Exception {
        String appid = TestEnv.newAppid();
        String body = account("跨站", "plain", "");
        for (String[] header : List.of(
                new String[] {"Origin", "https://evil.example.org"},
                new String[] {"Sec-Fetch-Site", "cross-site"},
                new String[] {"Origin", "null"})) {
            HttpResponse<String> r = basicWrite("PUT", appid, body, header[0], header[1]);
            assertEquals(403, r.statusCode(), header[0] + ": " + header[1] + " " + r.body());
        }
        assertEquals(
                404,
                new Http(base).get("/api/admin/accounts/" + appid, superAdmin()).statusCode(),
                "nothing made");
        String own = System.getenv("WXP_PUBLIC_BASE_URL");
        assertEquals(201, basicWrite("PUT", appid, body, "Origin", own).statusCode(), "the product's own pages");
        assertEquals(
                403,
                basicWrite("DELETE", appid, null, "Sec-Fetch-Site", "same-site").statusCode());
        assertEquals(
                204,
                basicWrite("DELETE", appid, null, "Sec-Fetch-Site", "same-origin")
                        .statusCode());
    }

    @Test
    void theSessionCookieIsSecureBehindTls() throws Exception {
        String form = "username=" + URLEncoder.encode(TestEnv.ADMIN, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(TestEnv.adminPassword(), StandardCharsets.UTF_8);
        for (boolean tls : new boolean[] {true, false}) {
            var b = java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "api/auth/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form));
            if (tls) {
                b.header("X-Forwarded-Proto", "https"); // as nginx sets it for a TLS client (loopback: trusted)
            }
            HttpResponse<String> r = new Http(base).client().send(b.build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            String cookie = r.headers().allValues("Set-Cookie").stream()
                    .filter(c -> c.startsWith("WXPSESSION="))
                    .findFirst()
                    .orElseThrow();
            assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), cookie);
            assertEquals(tls, cookie.contains("; Secure"), cookie);
        }
    }

    private HttpResponse<String> basicWrite(String method, String appid, String body, String header, String value)
            throws Exception {
        var b = java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "api/admin/accounts/" + appid))
                .header("Authorization", superAdmin())
                .header(header, value)
                .method(
                        method,
                        body == null
                                ? java.net.http.HttpRequest.BodyPublishers.noBody()
                                : java.net.http.HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return new Http(base).client().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> from(String address, String method, String path, String authorization, String form)
            throws Exception {
        var b = java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + path.substring(1)))
                .header("X-Real-IP", address)
                .method(
                        method,
                        form == null
                                ? java.net.http.HttpRequest.BodyPublishers.noBody()
                                : java.net.http.HttpRequest.BodyPublishers.ofString(form));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (form != null) {
            b.header("Content-Type", "application/x-www-form-urlencoded");
        }
        return new Http(base).client().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void passwordGuessingIsLockedOutWithoutLockingTheOperatorOutElsewhere() throws Exception {
        Http http = new Http(base);
        String user = "guessed" + Long.toHexString(System.nanoTime());
        assertEquals(
                201,
                http.json(
                                "PUT",
                                "/api/admin/users/" + user,
                                superAdmin(),
                                "{\"password\":\"right-pass-1\",\"role\":\"ADMIN\"}")
                        .statusCode());
        String attacker = "203.0.113." + (1 + (int) (Math.random() * 250));
        String operator = "198.51.100." + (1 + (int) (Math.random() * 250));
        for (int i = 0; i < 5; i++) {
            assertEquals(
                    401,
                    from(attacker, "POST", "/api/auth/login", null, "username=" + user + "&password=guess" + i)
                            .statusCode(),
                    "guess " + i);
        }
        HttpResponse<String> locked =
                from(attacker, "POST", "/api/auth/login", null, "username=" + user + "&password=right-pass-1");
        assertEquals(429, locked.statusCode(), "even the right password, once locked: " + locked.body());
        assertTrue(Long.parseLong(locked.headers().firstValue("Retry-After").orElse("0")) > 0);
        assertTrue(locked.body().contains("too many failed sign-ins"), locked.body());
        HttpResponse<String> basic =
                from(attacker, "GET", "/api/admin/accounts", Http.basic(user, "right-pass-1"), null);
        assertEquals(429, basic.statusCode(), "HTTP Basic from there is locked too");
        assertFalse(basic.body().contains("Exception"), basic.body());
        assertEquals(
                200,
                from(operator, "POST", "/api/auth/login", null, "username=" + user + "&password=right-pass-1")
                        .statusCode(),
                "the operator signs in from elsewhere");
        assertEquals(
                200,
                from(operator, "GET", "/api/admin/accounts", Http.basic(user, "right-pass-1"), null)
                        .statusCode());
        assertEquals(
                204,
                http.send("DELETE", "/api/admin/users/" + user, superAdmin(), null, null)
                        .statusCode());
    }
}
