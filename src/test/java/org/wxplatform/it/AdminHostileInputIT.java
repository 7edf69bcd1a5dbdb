package org.wxplatform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A hostile-input pass over the admin forms' API (SPEC §6): every over-long or malformed value gets a
 * 400 whose message names the field, as JSON, never a 500 or a stack trace, and nothing is written; text
 * that looks like HTML is stored and answered as the text it is (the pages show it as text).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AdminHostileInputIT {

    static final String SECRET = "0123456789abcdef0123456789abcdef";
    static final String KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.product();
    }

    @ArquillianResource
    URL base;

    /** One bad request and the field its answer must name. */
    record Case(String method, String path, String body, String field) {}

    @Test
    void everyBadValueIsA400NamingItsFieldAndWritesNothing() throws Exception {
        Http http = new Http(base);
        String appid = TestEnv.safeAccount(http, "恶意输入", SECRET, "hostileTok", KEY);
        String fresh = TestEnv.newAppid();
        String acc = "/api/admin/accounts/";
        String replies = acc + appid + "/autoreplies";
        String longText = "长".repeat(2049);
        List<Case> cases = List.of(
                new Case("PUT", acc + fresh, account("x".repeat(101), SECRET, "tok123", KEY, "safe"), "name"),
                new Case(
                        "PUT", acc + fresh, account("n", "<script>alert(1)</script>", "tok123", KEY, "safe"), "secret"),
                new Case("PUT", acc + fresh, account("n", SECRET, "t".repeat(33), KEY, "safe"), "token"),
                new Case("PUT", acc + fresh, account("n", SECRET, "tok123", "short", "safe"), "aesKey"),
                new Case("PUT", acc + fresh, account("n", SECRET, "tok123", KEY, "rot13"), "mode"),
                new Case("PUT", acc + "wx123", account("n", SECRET, "tok123", KEY, "safe"), "appid"),
                new Case("PUT", acc + "wx0123456789abcdef%20", account("n", SECRET, "tok123", KEY, "safe"), "appid"),
                new Case("POST", replies, entry("k".repeat(61), "contains", text("x")), "keyword"),
                new Case("POST", replies, entry("营业厅", "regex", text("x")), "match"),
                new Case("POST", replies, "{\"keyword\":\"营业厅\",\"match\":\"contains\",\"contents\":[]}", "contents"),
                new Case("POST", replies, entry("营业厅", "contains", text(longText)), "contents[0].text"),
                new Case("POST", replies, entry("营业厅", "contains", news("javascript:alert(1)", 1)), "url"),
                new Case("POST", replies, entry("营业厅", "contains", news("https://example.com/a", 11)), "articles"),
                new Case("POST", replies, entry("营业厅", "contains", "{\"type\":\"image\"}"), "mediaId"),
                new Case("POST", replies, entry("营业厅", "contains", "{\"type\":\"video\",\"text\":\"x\"}"), "type"),
                new Case(
                        "PUT", "/api/admin/users/a", "{\"password\":\"long-enough-1\",\"role\":\"ADMIN\"}", "username"),
                new Case("PUT", "/api/admin/users/ops_new", "{\"password\":\"short\",\"role\":\"ADMIN\"}", "password"),
                new Case(
                        "PUT",
                        "/api/admin/users/ops_new",
                        "{\"password\":\"long-enough-1\",\"role\":\"ROOT\"}",
                        "role"),
                new Case("GET", replies + "/page?limit=0", null, "limit"),
                new Case("GET", replies + "/page?after=abc", null, "after"),
                new Case("GET", replies + "/page?q=" + "q".repeat(61), null, "q"));
        for (Case c : cases) {
            HttpResponse<String> r = c.body() == null
                    ? http.get(c.path(), superAdmin())
                    : http.json(c.method(), c.path(), superAdmin(), c.body());
            assertEquals(400, r.statusCode(), c + " answered " + r.body());
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), c.toString());
            String error =
                    Json.createReader(new StringReader(r.body())).readObject().getString("error");
            assertTrue(error.contains(c.field()), c + ": the answer names the field: " + error);
            assertFalse(r.body().contains("Exception") || r.body().contains("\tat "), r.body());
        }
        for (String body : List.of("{", "[1,2]", "\"text\"", "{\"keyword\":{\"a\":1}}", "")) {
            HttpResponse<String> r = http.json("POST", replies, superAdmin(), body);
            assertEquals(400, r.statusCode(), "malformed body " + body + ": " + r.body());
        }
        assertEquals(404, http.get(acc + fresh, superAdmin()).statusCode(), "no account was half-made");
        assertFalse(http.get("/api/admin/users", superAdmin()).body().contains("\"ops_new\""), "no user was made");
        JsonObject page = Json.createReader(new StringReader(
                        http.get(replies + "/page", superAdmin()).body()))
                .readObject();
        assertEquals(0, page.getJsonArray("rows").size(), "no reply was written: " + page);
    }

    /**
     * Only the push's phone file and the callbacks have limits of their own: any other request over 11 MB,
     * of the API or not, is refused with 413 and the reason, by its declared length before it is read, or
     * once its chunked body passes it.
     */
    @Test
    void anOversizedBodyIsRefusedBeforeItIsRead() throws Exception {
        Http http = new Http(base);
        String big = "{\"name\":\"" + "x".repeat(12 * 1024 * 1024) + "\"}";
        HttpResponse<String> declared = http.json("POST", "/api/admin/accounts", superAdmin(), big);
        assertEquals(413, declared.statusCode(), declared.body());
        assertTrue(declared.body().contains("request body over"), declared.body());
        HttpResponse<String> page = http.json("PUT", "/sandbox/wechat/accounts/wxbiglimit00000001", null, big);
        assertEquals(413, page.statusCode(), page.body());
        assertTrue(page.body().contains("request body over"), page.body());

        byte[] chunk = "x".repeat(1024 * 1024).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.net.http.HttpRequest chunked = java.net.http.HttpRequest.newBuilder(
                        URI.create(base.toString()).resolve("api/admin/accounts"))
                .header("Authorization", superAdmin())
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.InputStream() {
                    private int left = 12;
                    private java.io.ByteArrayInputStream current = new java.io.ByteArrayInputStream(new byte[0]);

                    @Override
                    public int read() {
                        byte[] one = new byte[1];
                        return read(one, 0, 1) < 0 ? -1 : one[0];
                    }

                    @Override
                    public int read(byte[] b, int off, int len) {
                        if (current.available() == 0) {
                            if (left-- == 0) {
                                return -1;
                            }
                            current = new java.io.ByteArrayInputStream(chunk);
                        }
                        return current.read(b, off, len);
                    }
                }))
                .build();
        int status;
        try {
            status = http.client()
                    .send(chunked, HttpResponse.BodyHandlers.ofString())
                    .statusCode();
        } catch (java.io.IOException reset) {
            status = -1; // the server answered and closed while the client was still sending
        }
        assertTrue(status == 400 || status == 413 || status == -1, "chunked 12 MB refused, got " + status);
        assertEquals(200, http.get("/api/admin/accounts", superAdmin()).statusCode(), "the server is fine");
    }

    @Test
    void textThatLooksLikeHtmlIsKeptAndAnsweredAsText() throws Exception {
        Http http = new Http(base);
        String hostile = "<script>alert('x')</script><img src=x onerror=alert(1)>\"';--";
        String appid = TestEnv.safeAccount(http, hostile, SECRET, "hostileTok", KEY);
        HttpResponse<String> made = http.json(
                "POST",
                "/api/admin/accounts/" + appid + "/autoreplies",
                superAdmin(),
                entry(hostile, "contains", text(hostile)));
        assertEquals(201, made.statusCode(), made.body());
        JsonObject entry = Json.createReader(new StringReader(made.body())).readObject();
        assertEquals(hostile, entry.getString("keyword"));
        assertEquals(hostile, entry.getJsonArray("contents").getJsonObject(0).getString("text"));
        HttpResponse<String> account = http.get("/api/admin/accounts/" + appid, superAdmin());
        assertEquals(
                hostile,
                Json.createReader(new StringReader(account.body())).readObject().getString("name"));
        assertEquals(
                "nosniff",
                account.headers().firstValue("X-Content-Type-Options").orElse("nosniff"));
        HttpResponse<String> csv = http.get("/api/admin/accounts/" + appid + "/autoreplies.csv", superAdmin());
        assertEquals(200, csv.statusCode());
        assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"), "never served as HTML");
    }

    private static String account(String name, String secret, String token, String aesKey, String mode) {
        return Json.createObjectBuilder()
                .add("name", name)
                .add("secret", secret)
                .add("token", token)
                .add("aesKey", aesKey)
                .add("mode", mode)
                .build()
                .toString();
    }

    private static String entry(String keyword, String match, String content) {
        return "{\"keyword\":" + Json.createValue(keyword) + ",\"match\":\"" + match + "\",\"contents\":[" + content
                + "]}";
    }

    private static String text(String text) {
        return "{\"type\":\"text\",\"text\":" + Json.createValue(text) + "}";
    }

    private static String news(String url, int articles) {
        StringBuilder b = new StringBuilder("{\"type\":\"news\",\"articles\":[");
        for (int i = 0; i < articles; i++) {
            b.append(i == 0 ? "" : ",")
                    .append("{\"title\":\"第")
                    .append(i)
                    .append("篇\",\"url\":\"")
                    .append(url)
                    .append("\"}");
        }
        return b.append("]}").toString();
    }

    private static String superAdmin() {
        return Http.basic(TestEnv.ADMIN, TestEnv.adminPassword());
    }
}
