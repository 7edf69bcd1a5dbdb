package org.wxplatform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.wxplatform.h5.auth.WebAuthorization;
import redis.clients.jedis.JedisPool;

/**
 * Activities (SPEC §5.1) and the H5 pages' server side (§9): the operator's create / upload / preview /
 * publish with role checks, the entry URL behind web authorization, one draw per subscriber with no prize
 * given twice or beyond its stock (counted on the prizes' stock and the records), the JS-SDK signature
 * checked by the sandbox that issued the ticket, the H5 session read from Redis by another node, and
 * package orders from the H5 page executed once at the carrier, refused to a snapshot visitor.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ActivitiesIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.product();
    }

    @ArquillianResource
    URL base;

    private static final String SUPER = Http.basic(TestEnv.ADMIN, TestEnv.adminPassword());

    @Test
    void operatorsCreateUploadPreviewPublishAndOnlySuperAdminsWrite() throws Exception {
        BusinessSupport biz = new BusinessSupport(base);
        Http http = biz.http;
        String appid = biz.appid;
        String admin = user(http, "ADMIN");
        String path = "/api/admin/accounts/" + appid + "/activities";

        // an image, uploaded where the product keeps uploads (the account's permanent images at WeChat)
        HttpResponse<String> up = upload(base, "/api/admin/accounts/" + appid + "/images", SUPER, "banner.png", png());
        assertEquals(201, up.statusCode(), up.body());
        String image = json(up.body()).getString("url");
        assertTrue(image.startsWith("http"), image);
        assertEquals(
                400,
                upload(base, "/api/admin/accounts/" + appid + "/images", SUPER, "a.png", "not a picture".getBytes())
                        .statusCode(),
                "a file that is not an image is refused");

        String body = input("双十二抽奖", "LOTTERY", "ALL", image, "[{\"name\":\"1GB流量\",\"stock\":2,\"chanceBp\":5000}]");
        assertEquals(403, http.json("POST", path, admin, body).statusCode(), "ADMIN cannot create");
        HttpResponse<String> created = http.json("POST", path, SUPER, body);
        assertEquals(201, created.statusCode(), created.body());
        JsonObject a = json(created.body());
        long id = a.getJsonNumber("id").longValue();
        assertEquals("DRAFT", a.getString("state"));
        assertEquals(image, a.getJsonArray("images").getString(0));
        String entry = a.getString("entryUrl");
        String publicBase = System.getenv("WXP_PUBLIC_BASE_URL");
        assertTrue(entry.startsWith(publicBase), entry + " is built from WXP_PUBLIC_BASE_URL");
        assertTrue(entry.endsWith("/h5/activity?appid=" + appid + "&id=" + id), entry);

        // bad input: a clear reason naming the field, nothing stored
        int before = json(http.get(path, SUPER).body()).getJsonArray("rows").size();
        for (String[] bad : new String[][] {
            {input("", "LOTTERY", "ALL", image, "[]"), "title:"},
            {input("t", "DICE", "ALL", image, "[]"), "module:"},
            {input("t", "LOTTERY", "TAGGED", image, "[]"), "audience:"},
            {input("t", "LOTTERY", "ALL", "javascript:alert(1)", "[]"), "images[0]:"},
            {
                input("t", "LOTTERY", "ALL", image, "[{\"name\":\"x\",\"stock\":1,\"chanceBp\":20000}]"),
                "prizes[0].chanceBp"
            },
            {body.replace("\"endsAt\":\"", "\"endsAt\":\"x"), "endsAt:"},
            {"[1]", ""},
        }) {
            HttpResponse<String> r = http.json("POST", path, SUPER, bad[0]);
            assertEquals(400, r.statusCode(), bad[0] + " -> " + r.body());
            assertTrue(r.body().contains(bad[1]), r.body());
        }
        assertEquals(
                before, json(http.get(path, SUPER).body()).getJsonArray("rows").size(), "nothing stored");

        // an ADMIN reads, previews, and is refused every write
        assertEquals(200, http.get(path, admin).statusCode());
        JsonObject preview = json(http.get(path + "/" + id + "/preview", admin).body());
        assertEquals("双十二抽奖", preview.getJsonObject("activity").getString("title"));
        assertEquals("DRAFT", preview.getJsonObject("activity").getString("phase"));
        assertEquals(
                "[\"1GB流量\"]",
                preview.getJsonObject("activity").getJsonArray("prizes").toString(),
                "names only");
        assertEquals(403, http.json("PUT", path + "/" + id, admin, body).statusCode());
        assertEquals(
                403,
                http.json("POST", path + "/" + id + "/publish", admin, "{}").statusCode());
        assertEquals(
                403, http.json("POST", path + "/" + id + "/end", admin, "{}").statusCode());
        assertEquals(
                403,
                http.json("POST", path + "/" + id + "/keyword", admin, "{\"keyword\":\"抽奖\"}")
                        .statusCode());

        // the draft is edited, then published once; a published activity is not edited again
        HttpResponse<String> edited = http.json("PUT", path + "/" + id, SUPER, body.replace("双十二抽奖", "双旦抽奖"));
        assertEquals(200, edited.statusCode(), edited.body());
        assertEquals("双旦抽奖", json(edited.body()).getString("title"));

        H5Client phone = new H5Client(base);
        String entryPath =
                URI.create(entry).getRawPath() + "?" + URI.create(entry).getRawQuery();
        assertEquals(404, phone.get(entryPath).statusCode(), "a draft has no page for subscribers");

        HttpResponse<String> published = http.json("POST", path + "/" + id + "/publish", SUPER, "{}");
        assertEquals(200, published.statusCode(), published.body());
        assertEquals("PUBLISHED", json(published.body()).getString("state"));
        assertEquals(
                409,
                http.json("POST", path + "/" + id + "/publish", SUPER, "{}").statusCode());
        assertEquals(409, http.json("PUT", path + "/" + id, SUPER, body).statusCode());

        // the entry URL works: web authorization, then the page and its view
        String openid = BusinessSupport.openid("oAct");
        HttpResponse<String> page = phone.open(entryPath, openid, false);
        assertTrue(page.body().contains("js/activity.js"), "the activity page");
        JsonObject view = phone.getJson("/h5/activity/api/view?appid=" + appid + "&id=" + id, 200);
        assertEquals("双旦抽奖", view.getJsonObject("activity").getString("title"));
        assertEquals("OPEN", view.getJsonObject("activity").getString("phase"));
        assertFalse(view.getJsonObject("me").getBoolean("snapshot"));

        // the keyword reply carries the entry URL as a news article
        HttpResponse<String> keyword = http.json("POST", path + "/" + id + "/keyword", SUPER, "{\"keyword\":\"双旦抽奖\"}");
        assertEquals(201, keyword.statusCode(), keyword.body());
        var news = biz.send(BusinessSupport.openid("oKw"), "双旦抽奖");
        assertEquals("news", news.msgType(), news.replyXml());
        assertTrue(
                news.replyXml().contains(entry.replace("&", "&amp;"))
                        || news.replyXml().contains(entry),
                news.replyXml());

        // ended: the page says so and draws nothing
        assertEquals(
                200, http.json("POST", path + "/" + id + "/end", SUPER, "{}").statusCode());
        HttpResponse<String> late = phone.post("/h5/activity/api/draw?appid=" + appid + "&id=" + id, "{}");
        assertEquals(200, late.statusCode(), late.body());
        assertEquals("CLOSED", json(late.body()).getString("result"));
        assertEquals(
                0, records(http, admin, appid, "openid=" + openid).size(), "nothing recorded for a closed activity");
    }

    @Test
    void eachSubscriberDrawsOnceAndNoPrizeIsGivenTwiceOrBeyondItsStock() throws Exception {
        BusinessSupport biz = new BusinessSupport(base);
        Http http = biz.http;
        String appid = biz.appid;
        String path = "/api/admin/accounts/" + appid + "/activities";
        // every draw lands on the prize while its stock lasts: 3 to give
        long id = publish(
                http,
                path,
                input("摇一摇", "SHAKE", "ALL", null, "[{\"name\":\"500MB\",\"stock\":3,\"chanceBp\":10000}]"));
        String draw = "/h5/activity/api/draw?appid=" + appid + "&id=" + id;

        // one subscriber taps twelve times at once (two phones' worth of retries): one draw
        String first = BusinessSupport.openid("oShake");
        H5Client phone = new H5Client(base);
        phone.open("/h5/activity?appid=" + appid + "&id=" + id, first, false);
        phone.getJson("/h5/activity/api/view?appid=" + appid + "&id=" + id, 200);
        ExecutorService pool = Executors.newFixedThreadPool(12);
        List<Future<HttpResponse<String>>> taps = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            taps.add(pool.submit((Callable<HttpResponse<String>>) () -> phone.post(draw, "{}")));
        }
        int fresh = 0;
        for (Future<HttpResponse<String>> t : taps) {
            HttpResponse<String> r = t.get();
            assertEquals(200, r.statusCode(), r.body());
            JsonObject o = json(r.body());
            assertEquals("WON", o.getString("outcome"), r.body());
            fresh += o.getBoolean("fresh") ? 1 : 0;
        }
        pool.shutdown();
        assertEquals(1, fresh, "one of the twelve taps drew");
        assertEquals(2, remaining(http, path, id), "the prize's stock went down once");
        assertEquals(1, records(http, SUPER, appid, "openid=" + first).size());

        // six more subscribers: two more prizes, then the stock is out and the others lose
        int won = 0;
        for (int i = 0; i < 6; i++) {
            H5Client other = new H5Client(base);
            other.open("/h5/activity?appid=" + appid + "&id=" + id, BusinessSupport.openid("oShake" + i), false);
            other.getJson("/h5/activity/api/view?appid=" + appid + "&id=" + id, 200);
            JsonObject o = json(other.post(draw, "{}").body());
            won += "WON".equals(o.getString("outcome")) ? 1 : 0;
            JsonObject again = json(other.post(draw, "{}").body());
            assertFalse(again.getBoolean("fresh"), "a second draw answers the first one's outcome");
            assertEquals(o.getString("outcome"), again.getString("outcome"));
        }
        assertEquals(2, won);
        assertEquals(0, remaining(http, path, id));
        JsonArray all =
                json(http.get(path + "/" + id + "/records", SUPER).body()).getJsonArray("rows");
        assertEquals(7, all.size(), "one record per subscriber");
        assertEquals(
                3,
                all.stream()
                        .filter(v -> "WON".equals(v.asJsonObject().getString("outcome")))
                        .count(),
                "prizes given = stock");

        // a snapshot-page visitor sees the page and is never drawn nor recorded
        String visitor = BusinessSupport.openid("oSnap");
        H5Client snap = new H5Client(base);
        snap.open("/h5/activity?appid=" + appid + "&id=" + id, visitor, true);
        JsonObject seen = snap.getJson("/h5/activity/api/view?appid=" + appid + "&id=" + id, 200);
        assertTrue(seen.getJsonObject("me").getBoolean("snapshot"));
        assertEquals(403, snap.post(draw, "{}").statusCode());
        assertEquals(
                7,
                json(http.get(path + "/" + id + "/records", SUPER).body())
                        .getJsonArray("rows")
                        .size());

        // CSRF and body checks on the draw
        H5Client stranger = new H5Client(base);
        assertEquals(401, stranger.post(draw, "{}").statusCode(), "no session");
        String token = phone.csrf;
        phone.csrf = "x" + token;
        assertEquals(403, phone.post(draw, "{}").statusCode(), "a wrong CSRF token");
        phone.csrf = token;
    }

    @Test
    void aBoundAudienceAndTheRecordsByPhone() throws Exception {
        BusinessSupport biz = new BusinessSupport(base);
        Http http = biz.http;
        String appid = biz.appid;
        String path = "/api/admin/accounts/" + appid + "/activities";
        long id = publish(
                http,
                path,
                input("绑定用户抽奖", "LOTTERY", "BOUND", null, "[{\"name\":\"话费\",\"stock\":5,\"chanceBp\":0}]"));
        String draw = "/h5/activity/api/draw?appid=" + appid + "&id=" + id;
        String bound = BusinessSupport.openid("oBnd");
        String phoneNumber = BusinessSupport.phone();
        biz.bind(bound, phoneNumber);
        String unbound = BusinessSupport.openid("oUnb");

        H5Client a = new H5Client(base);
        a.open("/h5/activity?appid=" + appid + "&id=" + id, unbound, false);
        assertFalse(a.getJson("/h5/activity/api/view?appid=" + appid + "&id=" + id, 200)
                .getJsonObject("me")
                .getBoolean("inAudience"));
        assertEquals("NOT_IN_AUDIENCE", json(a.post(draw, "{}").body()).getString("result"));

        H5Client b = new H5Client(base);
        b.open("/h5/activity?appid=" + appid + "&id=" + id, bound, false);
        b.getJson("/h5/activity/api/view?appid=" + appid + "&id=" + id, 200);
        JsonObject drawn = json(b.post(draw, "{}").body());
        assertEquals("LOST", drawn.getString("outcome"), "a chance of 0 never wins");

        // looked up by any spelling of the number, and by openid
        List<JsonObject> byPhone =
                records(http, SUPER, appid, "phone=" + URLEncoder.encode("+86 " + phoneNumber, StandardCharsets.UTF_8));
        assertEquals(1, byPhone.size(), byPhone.toString());
        assertEquals(bound, byPhone.get(0).getString("openid"));
        assertEquals(BusinessSupport.mask(phoneNumber), byPhone.get(0).getString("phone"));
        assertEquals(0, records(http, SUPER, appid, "openid=" + unbound).size(), "refused draws are not records");
        assertEquals(
                400,
                http.get("/api/admin/accounts/" + appid + "/activities/records?phone=12", SUPER)
                        .statusCode());
        assertEquals(
                400,
                http.get("/api/admin/accounts/" + appid + "/activities/records", SUPER)
                        .statusCode());
    }

    @Test
    void theJsSdkConfigIsSignedOverThePublicAddressWithTheSandboxsTicket() throws Exception {
        BusinessSupport biz = new BusinessSupport(base);
        String appid = biz.appid;
        String context = URI.create(base.toString()).getPath().replaceAll("/$", "");
        H5Client phone = new H5Client(base);
        assertEquals(
                401,
                phone.get("/h5/jssdk/config?appid=" + appid + "&page=" + enc(context + "/h5/bind?appid=" + appid))
                        .statusCode(),
                "not authorized yet");
        phone.open("/h5/bind?appid=" + appid, BusinessSupport.openid("oSdk"), false);

        // the page as the browser has it, with its fragment: signed without it, under the configured base
        String page = context + "/h5/activity?appid=" + appid + "&id=7&code=abc&state=0f#share";
        JsonObject cfg = phone.getJson("/h5/jssdk/config?appid=" + appid + "&page=" + enc(page), 200);
        String url = cfg.getString("url");
        assertEquals(
                System.getenv("WXP_PUBLIC_BASE_URL") + context + "/h5/activity?appid=" + appid
                        + "&id=7&code=abc&state=0f",
                url);
        assertEquals(
                System.getenv("WXP_PUBLIC_BASE_URL") + context + "/h5/activity?appid=" + appid + "&id=7",
                cfg.getString("link"));
        assertEquals(appid, cfg.getString("appId"));
        assertTrue(check(biz.http, appid, cfg, url), "the sandbox that issued the ticket accepts the signature");
        assertFalse(check(biz.http, appid, cfg, url + "x"), "and refuses it for another address");

        assertEquals(
                400,
                phone.get("/h5/jssdk/config?appid=" + appid + "&page=" + enc(context + "/admin/index.html"))
                        .statusCode(),
                "only subscriber pages are signed");
        assertEquals(
                400,
                phone.get("/h5/jssdk/config?appid=" + appid + "&page="
                                + enc("https://evil.example.org" + context + "/h5/x"))
                        .statusCode());
        assertEquals(
                404,
                phone.get("/h5/jssdk/config?appid=wx0000000000000000&page=" + enc(page))
                        .statusCode());
    }

    @Test
    void theH5SessionLivesInRedisSoAnotherNodeServesIt() throws Exception {
        BusinessSupport biz = new BusinessSupport(base);
        String appid = biz.appid;
        String openid = BusinessSupport.openid("oNode");
        H5Client phone = new H5Client(base);
        phone.open("/h5/bind?appid=" + appid, openid, false);
        String cookie = phone.sessionCookie();

        // a second node: the product's own WebAuthorization in this JVM, with only the shared Redis
        // the test server's own Redis, as scripts/test gives it to the server and to this JVM
        String redis = System.getenv("WXP_REDIS_URL");
        assertNotNull(redis, "WXP_REDIS_URL (set by scripts/test) names the test server's Redis");
        try (JedisPool pool = new JedisPool(URI.create(redis))) {
            WebAuthorization other = new WebAuthorization();
            Field f = WebAuthorization.class.getDeclaredField("pool");
            f.setAccessible(true);
            f.set(other, pool);
            assertEquals(
                    java.util.Optional.of(openid),
                    other.openid(request(cookie), appid),
                    "the other node knows the subscriber");
            String csrf =
                    phone.getJson("/h5/bind/api/status?appid=" + appid, 200).getString("csrf");
            assertEquals(java.util.Optional.of(csrf), other.csrfToken(request(cookie)));
            assertTrue(other.csrfMatches(request(cookie, csrf)), "and accepts the page's writes");
            assertFalse(other.csrfMatches(request(cookie, "x" + csrf)));
            assertEquals(
                    java.util.Optional.empty(),
                    other.openid(request("0".repeat(64)), appid),
                    "an unknown session is nobody");
        }
    }

    @Test
    void ordersFromTheH5PageAreExecutedOnceAndSnapshotVisitorsAreRefused() throws Exception {
        BusinessSupport biz = new BusinessSupport(base);
        String appid = biz.appid;
        String openid = BusinessSupport.openid("oOrd");
        String number = BusinessSupport.phone();
        biz.bind(openid, number);
        H5Client phone = new H5Client(base);
        HttpResponse<String> page = phone.open("/h5/order?appid=" + appid, openid, false);
        assertTrue(page.body().contains("<title>套餐办理</title>"));
        JsonObject status = phone.getJson("/h5/business/api/status?appid=" + appid, 200);
        assertTrue(status.getBoolean("bound"));
        JsonObject catalog = phone.getJson("/h5/business/api/catalog?appid=" + appid, 200);
        String token = catalog.getString("formToken");
        assertTrue(catalog.getJsonArray("packages").stream()
                .anyMatch(v -> "2.1.3".equals(v.asJsonObject().getString("code"))));

        assertEquals(
                400,
                phone.post(
                                "/h5/business/api/order?appid=" + appid,
                                "{\"code\":\"1.1\",\"formToken\":\"" + token + "\"}")
                        .statusCode(),
                "a query is not a package");
        assertEquals(
                400,
                phone.post("/h5/business/api/order?appid=" + appid, "{\"code\":\"2.1.3\",\"formToken\":\"x\"}")
                        .statusCode());
        // the same form sent three times at once (double tap and a retry)
        String order = "{\"code\":\"2.1.3\",\"formToken\":\"" + token + "\"}";
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Future<HttpResponse<String>>> sent = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            sent.add(pool.submit(
                    (Callable<HttpResponse<String>>) () -> phone.post("/h5/business/api/order?appid=" + appid, order)));
        }
        for (Future<HttpResponse<String>> f : sent) {
            HttpResponse<String> r = f.get();
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(json(r.body()).getString("message").contains("1GB月包"), r.body());
        }
        pool.shutdown();
        // the outcome is told once by template message; by then the carrier has executed the order once
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (templates(biz.http, appid, openid) < 1 && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        assertEquals(1, templates(biz.http, appid, openid), "the outcome told once");
        assertEquals(1, executedFor(biz.http, number), "one carrier order for one form sent three times");

        // queries of the bound number
        JsonObject usage = phone.getJson("/h5/business/api/query?appid=" + appid + "&kind=DATA_USAGE", 200);
        assertTrue(usage.getString("text").contains(BusinessSupport.mask(number)), usage.toString());
        assertEquals(
                400,
                phone.get("/h5/business/api/query?appid=" + appid + "&kind=NOPE")
                        .statusCode());

        // a snapshot visitor of the same person: shown the page, refused the order
        H5Client snap = new H5Client(base);
        snap.open("/h5/order?appid=" + appid, openid, true);
        JsonObject s = snap.getJson("/h5/business/api/status?appid=" + appid, 200);
        assertTrue(s.getBoolean("snapshot"));
        String t2 = snap.getJson("/h5/business/api/catalog?appid=" + appid, 200).getString("formToken");
        HttpResponse<String> refused =
                snap.post("/h5/business/api/order?appid=" + appid, "{\"code\":\"2.1.3\",\"formToken\":\"" + t2 + "\"}");
        assertEquals(403, refused.statusCode(), refused.body());
        assertEquals(1, executedFor(biz.http, number), "nothing ordered for the snapshot visitor");
        // an unbound subscriber is sent to bind
        H5Client fresh = new H5Client(base);
        fresh.open("/h5/query?appid=" + appid, BusinessSupport.openid("oNew"), false);
        assertEquals(
                409,
                fresh.get("/h5/business/api/query?appid=" + appid + "&kind=POINTS")
                        .statusCode());
    }

    // ---- shared steps

    static jakarta.servlet.http.HttpServletRequest request(String cookie) {
        return request(cookie, null);
    }

    /** A request of the browser with the H5 cookie (and the CSRF header), as another node receives it. */
    static jakarta.servlet.http.HttpServletRequest request(String cookie, String csrf) {
        Map<String, Object> attributes = new HashMap<>();
        return (jakarta.servlet.http.HttpServletRequest) Proxy.newProxyInstance(
                ActivitiesIT.class.getClassLoader(),
                new Class<?>[] {jakarta.servlet.http.HttpServletRequest.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getCookies" -> new jakarta.servlet.http.Cookie[] {
                        new jakarta.servlet.http.Cookie(WebAuthorization.COOKIE, cookie)
                    };
                    case "getAttribute" -> attributes.get((String) args[0]);
                    case "setAttribute" -> attributes.put((String) args[0], args[1]);
                    case "getHeader" -> WebAuthorization.CSRF_HEADER.equals(args[0]) ? csrf : null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** Whether the sandbox that issued the account's jsapi_ticket accepts the page's JS-SDK signature. */
    static boolean check(Http http, String appid, JsonObject cfg, String url) throws Exception {
        HttpResponse<String> r = http.get(
                "/sandbox/wechat/control/" + appid + "/jssdk-check?url=" + enc(url) + "&noncestr="
                        + enc(cfg.getString("nonceStr")) + "&timestamp="
                        + cfg.getJsonNumber("timestamp").longValue() + "&signature=" + cfg.getString("signature"),
                null);
        assertEquals(200, r.statusCode(), r.body());
        return json(r.body()).getBoolean("valid");
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static long publish(Http http, String path, String body) throws Exception {
        HttpResponse<String> created = http.json("POST", path, SUPER, body);
        assertEquals(201, created.statusCode(), created.body());
        long id = json(created.body()).getJsonNumber("id").longValue();
        HttpResponse<String> p = http.json("POST", path + "/" + id + "/publish", SUPER, "{}");
        assertEquals(200, p.statusCode(), p.body());
        return id;
    }

    private static int remaining(Http http, String path, long id) throws Exception {
        return json(http.get(path + "/" + id, SUPER).body())
                .getJsonArray("prizes")
                .getJsonObject(0)
                .getInt("remaining");
    }

    private static List<JsonObject> records(Http http, String auth, String appid, String query) throws Exception {
        HttpResponse<String> r = http.get("/api/admin/accounts/" + appid + "/activities/records?" + query, auth);
        assertEquals(200, r.statusCode(), r.body());
        return json(r.body()).getJsonArray("rows").stream()
                .map(JsonValue::asJsonObject)
                .toList();
    }

    static String input(String title, String module, String audience, String image, String prizes) {
        Instant now = Instant.now();
        return "{\"title\":\"" + title + "\",\"body\":\"活动期间每人可参加一次。\",\"images\":["
                + (image == null ? "" : "\"" + image + "\"") + "],\"module\":\"" + module + "\",\"audience\":\""
                + audience + "\",\"startsAt\":\"" + now.minusSeconds(60) + "\",\"endsAt\":\""
                + now.plus(Duration.ofDays(7)) + "\",\"prizes\":" + prizes + "}";
    }

    static byte[] png() throws Exception {
        BufferedImage img = new BufferedImage(640, 240, BufferedImage.TYPE_INT_RGB);
        var g = img.createGraphics();
        g.setPaint(new java.awt.GradientPaint(0, 0, new Color(0xfa5151), 640, 240, new Color(0xffc300)));
        g.fillRect(0, 0, 640, 240);
        g.setColor(Color.WHITE);
        g.fillOval(260, 60, 120, 120);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    static HttpResponse<String> upload(URL base, String path, String auth, String filename, byte[] content)
            throws Exception {
        String boundary = "----wxpact" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.write(content);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .build()
                .send(
                        HttpRequest.newBuilder(URI.create(base.toString()).resolve(path.substring(1)))
                                .timeout(Duration.ofSeconds(60))
                                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                                .header("Authorization", auth)
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static String user(Http http, String role) throws Exception {
        String user = "act" + role.toLowerCase(java.util.Locale.ROOT) + Long.toHexString(System.nanoTime());
        assertEquals(
                201,
                http.json(
                                "PUT",
                                "/api/admin/users/" + user,
                                SUPER,
                                "{\"password\":\"activity-pass-1\",\"role\":\"" + role + "\"}")
                        .statusCode());
        return Http.basic(user, "activity-pass-1");
    }

    private static int templates(Http http, String appid, String openid) throws Exception {
        HttpResponse<String> r = http.get("/sandbox/wechat/users/" + appid + "/" + openid + "/inbox", null);
        assertEquals(200, r.statusCode(), r.body());
        int n = 0;
        for (JsonValue v : Json.createReader(new StringReader(r.body())).readArray()) {
            if ("template".equals(v.asJsonObject().getString("kind", ""))) {
                n++;
            }
        }
        return n;
    }

    private static int executedFor(Http http, String phone) throws Exception {
        HttpResponse<String> r = http.get("/sandbox/carrier/control/orders?phone=" + phone, null);
        assertEquals(200, r.statusCode(), r.body());
        int n = 0;
        for (JsonValue v : json(r.body()).getJsonArray("orders")) {
            if (phone.equals(v.asJsonObject().getString("phone"))) {
                n++;
            }
        }
        return n;
    }

    static JsonObject json(String body) {
        return Json.createReader(new StringReader(body)).readObject();
    }
}
