package org.wxplatform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Year;
import java.time.ZoneId;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The sandbox WeChat API over HTTP, as the product's client and a test see it: token expiry (42001) and
 * invalidation (40001) with their counters, customer-service and template messages reaching the inbox, a
 * TEMPLATESENDJOBFINISH reaching the product's callback and its user log, errcode and 5xx injection, menu
 * validation, the OAuth2 flow and media upload limits.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SandboxApiIT {

    static final String SECRET = "0123456789abcdef0123456789abcdef";
    static final String KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.product();
    }

    @ArquillianResource
    URL base;

    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /** An account in the product (safe mode) and in the sandbox's registry with the same secret. */
    private String account() throws Exception {
        String appid = TestEnv.newAppid();
        String product = "{\"name\":\"沙箱\",\"secret\":\"" + SECRET + "\",\"token\":\"sbxToken1\",\"aesKey\":\"" + KEY
                + "\",\"mode\":\"safe\"}";
        var r = new Http(base)
                .json(
                        "PUT",
                        "/api/admin/accounts/" + appid,
                        Http.basic(TestEnv.ADMIN, TestEnv.adminPassword()),
                        product);
        assertEquals(201, r.statusCode(), r.body());
        String sandbox = "{\"name\":\"沙箱\",\"secret\":\"" + SECRET + "\",\"token\":\"sbxToken1\",\"aesKey\":\"" + KEY
                + "\",\"mode\":\"safe\"}";
        r = new Http(base).json("PUT", "/sandbox/wechat/accounts/" + appid, null, sandbox);
        assertEquals(201, r.statusCode(), r.body());
        return appid;
    }

    private HttpResponse<String> call(String method, String path, String contentType, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path.substring(1)))
                .timeout(Duration.ofSeconds(20))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private JsonObject get(String path) throws Exception {
        HttpResponse<String> r = call("GET", path, null, null);
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return Json.createReader(new StringReader(r.body())).readObject();
    }

    private JsonObject post(String path, String json) throws Exception {
        HttpResponse<String> r = call("POST", path, "application/json", json.getBytes(StandardCharsets.UTF_8));
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return Json.createReader(new StringReader(r.body())).readObject();
    }

    private JsonObject configure(String appid, String json) throws Exception {
        HttpResponse<String> r = call(
                "PUT",
                "/sandbox/wechat/control/" + appid + "/config",
                "application/json",
                json.getBytes(StandardCharsets.UTF_8));
        assertEquals(200, r.statusCode(), r.body());
        return Json.createReader(new StringReader(r.body())).readObject();
    }

    private JsonArray inbox(String appid, String openid) throws Exception {
        HttpResponse<String> r = call("GET", "/sandbox/wechat/users/" + appid + "/" + openid + "/inbox", null, null);
        assertEquals(200, r.statusCode(), r.body());
        return Json.createReader(new StringReader(r.body())).readArray();
    }

    private String token(String appid) throws Exception {
        JsonObject t = get(
                "/sandbox/wechat/api/cgi-bin/token?grant_type=client_credential&appid=" + appid + "&secret=" + SECRET);
        assertTrue(t.containsKey("access_token"), t.toString());
        return t.getString("access_token");
    }

    private JsonObject stats(String appid) throws Exception {
        return get("/sandbox/wechat/control/" + appid + "/stats");
    }

    private static int errcode(JsonObject o) {
        return o.containsKey("errcode") ? o.getInt("errcode") : 0;
    }

    private String openid(String appid, int n) throws Exception {
        HttpResponse<String> r = call("GET", "/sandbox/wechat/users/" + appid, null, null);
        return Json.createReader(new StringReader(r.body()))
                .readArray()
                .getJsonObject(n)
                .getString("openid");
    }

    @Test
    void tokensExpireAndAreInvalidatedWithCounters() throws Exception {
        String appid = account();
        assertEquals(
                40125,
                errcode(get("/sandbox/wechat/api/cgi-bin/token?grant_type=client_credential&appid=" + appid
                        + "&secret=ffffffffffffffffffffffffffffffff")));
        assertEquals(
                40013,
                errcode(get("/sandbox/wechat/api/cgi-bin/token?grant_type=client_credential&appid=" + TestEnv.newAppid()
                        + "&secret=" + SECRET)));
        configure(appid, "{\"tokenTtlSeconds\":1}");
        JsonObject issued = get(
                "/sandbox/wechat/api/cgi-bin/token?grant_type=client_credential&appid=" + appid + "&secret=" + SECRET);
        assertEquals(1, issued.getInt("expires_in"));
        String token = issued.getString("access_token");
        String user = openid(appid, 0);
        JsonObject info =
                get("/sandbox/wechat/api/cgi-bin/user/info?access_token=" + token + "&openid=" + user + "&lang=zh_CN");
        assertEquals(1, info.getInt("subscribe"), info.toString());
        assertTrue(info.getString("nickname").length() > 0);
        Thread.sleep(1100);
        assertEquals(
                42001, errcode(get("/sandbox/wechat/api/cgi-bin/user/info?access_token=" + token + "&openid=" + user)));

        configure(appid, "{\"tokenTtlSeconds\":7200}");
        String fresh = token(appid);
        assertEquals(
                0, errcode(get("/sandbox/wechat/api/cgi-bin/ticket/getticket?access_token=" + fresh + "&type=jsapi")));
        assertEquals(
                true,
                post("/sandbox/wechat/control/" + appid + "/invalidate-token", "{}")
                        .getBoolean("invalidated"));
        assertEquals(40001, errcode(get("/sandbox/wechat/api/cgi-bin/menu/get?access_token=" + fresh)));
        assertEquals(40014, errcode(get("/sandbox/wechat/api/cgi-bin/menu/get?access_token=bad%20token")));
        assertEquals(41001, errcode(get("/sandbox/wechat/api/cgi-bin/menu/get")));

        JsonObject s = stats(appid);
        assertEquals(2, s.getInt("tokenFetches"), s.toString());
        assertEquals(1, s.getInt("ticketFetches"), s.toString());
        assertEquals(1, s.getInt("expiredTokenCalls"), s.toString());
        assertEquals(1, s.getInt("invalidTokenCalls"), s.toString());
        assertEquals(1, s.getJsonObject("calls").getInt("/cgi-bin/menu/get"), s.toString());
        assertEquals(2, s.getJsonObject("calls").getInt("/cgi-bin/user/info"), s.toString());
    }

    /**
     * WeChat's kf limits: a subscriber who wrote on the phone page gets 5 kf messages, the sixth 45047;
     * 48 hours later (the rule's clock moved) 45015; a menu tap gives 3 within a minute; a subscriber the
     * sandbox never saw interact is not limited; {@code kfRules: false} lifts the limits; nothing refused
     * reaches the inbox.
     */
    @Test
    void kfMessagesKeepWeChatsTimeAndCountLimits() throws Exception {
        String appid = account();
        String token = token(appid);
        String send = "/sandbox/wechat/api/cgi-bin/message/custom/send?access_token=" + token;
        String user = openid(appid, 2);
        JsonObject wrote = post("/sandbox/wechat/phone/" + appid + "/" + user + "/send", "{\"text\":\"你好\"}");
        assertTrue(wrote.getBoolean("ok"), wrote.toString());
        JsonObject budget = get("/sandbox/wechat/control/" + appid + "/kf/" + user);
        assertTrue(budget.getBoolean("known"), budget.toString());
        int before = inbox(appid, user).size();
        for (int i = 1; i <= 5; i++) {
            assertEquals(0, errcode(post(send, kfText(user, "第" + i + "条"))), "message " + i);
        }
        JsonObject sixth = post(send, kfText(user, "第6条"));
        assertEquals(45047, errcode(sixth), sixth.toString());
        assertEquals(0, get("/sandbox/wechat/control/" + appid + "/kf/" + user).getInt("remaining"));
        assertEquals(before + 5, inbox(appid, user).size(), "the refused one is not delivered");

        // the subscriber writes again, then 48 hours pass
        post("/sandbox/wechat/phone/" + appid + "/" + user + "/send", "{\"text\":\"还在吗\"}");
        assertEquals(0, errcode(post(send, kfText(user, "在的"))));
        configure(appid, "{\"kfClockOffsetSeconds\":172801}");
        assertEquals(45015, errcode(post(send, kfText(user, "两天后"))));
        configure(appid, "{\"kfClockOffsetSeconds\":0}");

        // a menu tap: three within the minute
        String tapper = openid(appid, 3);
        post("/sandbox/wechat/phone/" + appid + "/" + tapper + "/send", "{\"event\":\"CLICK\",\"key\":\"NO_SUCH\"}");
        for (int i = 1; i <= 3; i++) {
            assertEquals(0, errcode(post(send, kfText(tapper, "菜单" + i))), "message " + i);
        }
        assertEquals(45047, errcode(post(send, kfText(tapper, "菜单4"))));
        configure(appid, "{\"kfClockOffsetSeconds\":61}");
        assertEquals(45015, errcode(post(send, kfText(tapper, "一分钟后"))));

        // never seen to interact: not limited; the rule off: not limited
        String silent = "oSilent" + Long.toHexString(System.nanoTime());
        for (int i = 1; i <= 8; i++) {
            assertEquals(0, errcode(post(send, kfText(silent, "通知" + i))));
        }
        JsonObject off = configure(appid, "{\"kfRules\":false}");
        assertEquals(false, off.getBoolean("kfRules"));
        assertEquals(0, errcode(post(send, kfText(tapper, "规则关闭"))));
        assertEquals(0, errcode(post(send, kfText(user, "规则关闭"))));
        HttpResponse<String> bad = call(
                "PUT",
                "/sandbox/wechat/control/" + appid + "/config",
                "application/json",
                "{\"kfRules\":\"no\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("kfRules"), bad.body());

        // what a simulator outside the server reports counts as well
        configure(appid, "{\"kfRules\":true,\"kfClockOffsetSeconds\":0}");
        String cli = "user-" + Long.toHexString(System.nanoTime());
        JsonObject recorded = post(
                "/sandbox/wechat/control/" + appid + "/interaction",
                "{\"openid\":\"" + cli + "\",\"msgType\":\"event\",\"event\":\"subscribe\"}");
        assertTrue(recorded.getBoolean("recorded"), recorded.toString());
        assertEquals(3, get("/sandbox/wechat/control/" + appid + "/kf/" + cli).getInt("remaining"));
        assertEquals(
                false,
                post(
                                "/sandbox/wechat/control/" + appid + "/interaction",
                                "{\"openid\":\"" + cli + "\",\"msgType\":\"event\",\"event\":\"VIEW\"}")
                        .getBoolean("recorded"));
    }

    private static String kfText(String user, String text) {
        return "{\"touser\":\"" + user + "\",\"msgtype\":\"text\",\"text\":{\"content\":\"" + text + "\"}}";
    }

    @Test
    void kfAndTemplateMessagesReachTheInboxAndTheReceiptReachesTheProduct() throws Exception {
        String appid = account();
        String token = token(appid);
        String user = openid(appid, 1);
        String send = "/sandbox/wechat/api/cgi-bin/message/custom/send?access_token=" + token;
        assertEquals(
                0,
                errcode(post(
                        send,
                        "{\"touser\":\"" + user + "\",\"msgtype\":\"text\",\"text\":{\"content\":\"话费余额 12.5 元\"}}")));
        assertEquals(47001, errcode(post(send, "{\"touser\":")));
        assertEquals(
                40003,
                errcode(post(
                        send,
                        "{\"touser\":\"" + openid(account(), 0)
                                + "\",\"msgtype\":\"text\",\"text\":{\"content\":\"x\"}}")));
        assertEquals(
                40007,
                errcode(post(
                        send,
                        "{\"touser\":\"" + user
                                + "\",\"msgtype\":\"image\",\"image\":{\"media_id\":\"never-uploaded-0000\"}}")));

        configure(appid, "{\"templateReceiptDelayMs\":100}");
        JsonObject sent = post(
                "/sandbox/wechat/api/cgi-bin/message/template/send?access_token=" + token,
                "{\"touser\":\"" + user + "\",\"template_id\":\"TPL_bill\",\"url\":\"https://example.com/bill\","
                        + "\"data\":{\"first\":{\"value\":\"本月账单\"},\"keyword1\":{\"value\":\"58.00元\",\"color\":\"#173177\"}}}");
        assertEquals(0, errcode(sent), sent.toString());
        long msgid = sent.getJsonNumber("msgid").longValue();

        JsonArray box = null;
        long until = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < until) {
            box = inbox(appid, user);
            if (box.size() == 2) {
                break;
            }
            Thread.sleep(100);
        }
        assertEquals(2, box.size(), box.toString());
        assertEquals("kf", box.getJsonObject(0).getString("kind"));
        assertEquals("话费余额 12.5 元", box.getJsonObject(0).getJsonObject("text").getString("content"));
        assertEquals(1, box.getJsonObject(0).getInt("seq"));
        assertEquals("template", box.getJsonObject(1).getString("kind"));
        assertEquals(msgid, box.getJsonObject(1).getJsonNumber("msgid").longValue());
        assertEquals(
                "58.00元",
                box.getJsonObject(1)
                        .getJsonObject("data")
                        .getJsonObject("keyword1")
                        .getString("value"));
        assertEquals(
                1,
                call("GET", "/sandbox/wechat/users/" + appid + "/" + user + "/inbox?after=1", null, null)
                                .body()
                                .split("\"seq\"")
                                .length
                        - 1);

        // the receipt went through the product's callback (signed and encrypted: safe mode) into its user log
        until = System.currentTimeMillis() + 10_000;
        long logged = 0;
        while (System.currentTimeMillis() < until && logged == 0) {
            logged = userLog(appid, user, "event:TEMPLATESENDJOBFINISH");
            Thread.sleep(100);
        }
        assertEquals(1, logged, "TEMPLATESENDJOBFINISH logged once by the product");

        // a blocked user: no inbox entry, and unsubscribed users are refused with 43004
        configure(appid, "{\"templateOutcome\":\"failed:user block\",\"templateReceiptDelayMs\":0}");
        String other = openid(appid, 2);
        assertEquals(
                0,
                errcode(post(
                        "/sandbox/wechat/api/cgi-bin/message/template/send?access_token=" + token,
                        "{\"touser\":\"" + other + "\",\"template_id\":\"TPL_bill\"}")));
        Thread.sleep(500);
        assertEquals(0, inbox(appid, other).size());
        assertEquals(
                40037,
                errcode(post(
                        "/sandbox/wechat/api/cgi-bin/message/template/send?access_token=" + token,
                        "{\"touser\":\"" + other + "\",\"template_id\":\"\"}")));
    }

    static long userLog(String appid, String openid, String type) throws Exception {
        int year = Year.now(ZoneId.of("Asia/Shanghai")).getValue();
        try (Connection c = DriverManager.getConnection(
                        System.getenv("WXP_DB_URL"), System.getenv("WXP_DB_USER"), System.getenv("WXP_DB_PASSWORD"));
                PreparedStatement ps = c.prepareStatement(
                        "SELECT COUNT(*) FROM user_log_" + year + " WHERE appid = ? AND openid = ? AND type = ?")) {
            ps.setString(1, appid);
            ps.setString(2, openid);
            ps.setString(3, type);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (java.sql.SQLSyntaxErrorException noTableYet) {
            return 0;
        }
    }

    @Test
    void errcodesAnd5xxAreInjected() throws Exception {
        String appid = account();
        String token = token(appid);
        String path = "/sandbox/wechat/api/cgi-bin/menu/get?access_token=" + token;
        assertEquals(46003, errcode(get(path)), "no menu yet");
        configure(appid, "{\"errcode\":45009,\"errcodeCount\":2}");
        assertEquals(45009, errcode(get(path)));
        assertEquals(45009, errcode(get(path)));
        assertEquals(46003, errcode(get(path)), "cleared after two calls");
        configure(appid, "{\"errcode\":-1,\"errcodeCount\":null}");
        for (int i = 0; i < 3; i++) {
            assertEquals(-1, errcode(get(path)));
        }
        configure(appid, "{\"errcode\":null,\"failure5xxRate\":1.0,\"latencyMs\":300}");
        long started = System.nanoTime();
        assertEquals(503, call("GET", path, null, null).statusCode());
        assertTrue(System.nanoTime() - started >= 300_000_000L, "latency added");
        HttpResponse<String> bad = call(
                "PUT",
                "/sandbox/wechat/control/" + appid + "/config",
                "application/json",
                "{\"errcode\":40003}".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("errcode"), bad.body());
        assertEquals(
                200, post("/sandbox/wechat/control/" + appid + "/reset", "{}").size() > 0 ? 200 : 0);
        assertEquals(0, stats(appid).getInt("apiCalls"));
    }

    @Test
    void menusAreValidatedAndStored() throws Exception {
        String appid = account();
        String token = token(appid);
        String create = "/sandbox/wechat/api/cgi-bin/menu/create?access_token=" + token;
        String menu = "{\"button\":[{\"type\":\"click\",\"name\":\"查话费\",\"key\":\"BILL\"},{\"name\":\"服务\","
                + "\"sub_button\":[{\"type\":\"view\",\"name\":\"网上营业厅\",\"url\":\"https://example.com/h5\"}]}]}";
        assertEquals(0, errcode(post(create, menu)));
        JsonObject got = get("/sandbox/wechat/api/cgi-bin/menu/get?access_token=" + token);
        assertEquals(
                "BILL",
                got.getJsonObject("menu")
                        .getJsonArray("button")
                        .getJsonObject(0)
                        .getString("key"));
        assertEquals(40016, errcode(post(create, "{\"button\":[]}")));
        assertEquals(
                40018, errcode(post(create, "{\"button\":[{\"type\":\"click\",\"name\":\"一二三四五六\",\"key\":\"K\"}]}")));
        assertEquals(40017, errcode(post(create, "{\"button\":[{\"type\":\"tap\",\"name\":\"A\",\"key\":\"K\"}]}")));
        assertEquals(47001, errcode(post(create, "not json")));
        assertEquals(43002, errcode(get(create)), "menu/create wants POST");
        assertEquals(0, errcode(get("/sandbox/wechat/api/cgi-bin/menu/delete?access_token=" + token)));
        assertEquals(46003, errcode(get("/sandbox/wechat/api/cgi-bin/menu/get?access_token=" + token)));
    }

    @Test
    void oauth2CodeExchangeAndUserInfo() throws Exception {
        String appid = account();
        String user = openid(appid, 3);
        String authorize = "/sandbox/wechat/api/connect/oauth2/authorize?appid=" + appid
                + "&redirect_uri=" + java.net.URLEncoder.encode("https://h5.example.com/cb?x=1", StandardCharsets.UTF_8)
                + "&response_type=code&scope=snsapi_userinfo&state=S1";
        HttpResponse<String> page = call("GET", authorize, null, null);
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains(user), "the page lists the simulated users");
        HttpResponse<String> redirect = call("GET", authorize + "&openid=" + user, null, null);
        assertEquals(302, redirect.statusCode());
        String location = redirect.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith("https://h5.example.com/cb?x=1&code="), location);
        assertTrue(location.endsWith("&state=S1"), location);
        String code = location.replaceAll(".*code=([^&]+).*", "$1");
        String exchange = "/sandbox/wechat/api/sns/oauth2/access_token?appid=" + appid + "&secret=" + SECRET + "&code="
                + code + "&grant_type=authorization_code";
        JsonObject sns = get(exchange);
        assertEquals(user, sns.getString("openid"), sns.toString());
        assertEquals("snsapi_userinfo", sns.getString("scope"));
        assertEquals(40163, errcode(get(exchange)), "a code works once");
        JsonObject info = get("/sandbox/wechat/api/sns/userinfo?access_token=" + sns.getString("access_token")
                + "&openid=" + user + "&lang=zh_CN");
        assertEquals(user, info.getString("openid"));
        assertTrue(info.getString("headimgurl").startsWith("http"), info.toString());
        assertEquals(
                40003,
                errcode(get("/sandbox/wechat/api/sns/userinfo?access_token=" + sns.getString("access_token")
                        + "&openid=someoneelse")));
        assertEquals(
                400,
                call("GET", authorize.replace("snsapi_userinfo", "snsapi_all"), null, null)
                        .statusCode());
    }

    private HttpResponse<String> upload(String token, String type, String filename, byte[] content) throws Exception {
        String boundary = "----wxp" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"media\"; filename=\"" + filename
                        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.write(content);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return call(
                "POST",
                "/sandbox/wechat/api/cgi-bin/media/upload?access_token=" + token + "&type=" + type,
                "multipart/form-data; boundary=" + boundary,
                body.toByteArray());
    }

    private JsonObject addMaterial(String token, String type, String filename, byte[] content) throws Exception {
        String boundary = "----wxp" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"media\"; filename=\"" + filename
                        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.write(content);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = call(
                "POST",
                "/sandbox/wechat/api/cgi-bin/material/add_material?access_token=" + token + "&type=" + type,
                "multipart/form-data; boundary=" + boundary,
                body.toByteArray());
        assertEquals(200, r.statusCode(), r.body());
        return Json.createReader(new StringReader(r.body())).readObject();
    }

    @Test
    void permanentImagesFollowTheImageRulesAndTheirUrlShowsThem() throws Exception {
        String appid = account();
        String token = token(appid);
        byte[] gif = new byte[300];
        System.arraycopy(new byte[] {'G', 'I', 'F', '8', '9', 'a'}, 0, gif, 0, 6);
        gif[299] = 42;
        JsonObject ok = addMaterial(token, "image", "banner.gif", gif);
        String mediaId = ok.getString("media_id");
        HttpResponse<byte[]> shown = client.send(
                HttpRequest.newBuilder(URI.create(ok.getString("url"))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, shown.statusCode());
        assertEquals("image/gif", shown.headers().firstValue("Content-Type").orElse(""));
        assertEquals(300, shown.body().length);
        assertEquals(42, shown.body()[299]);
        assertEquals(40004, errcode(addMaterial(token, "voice", "a.mp3", gif)));
        assertEquals(40005, errcode(addMaterial(token, "image", "banner.txt", gif)));
        assertEquals(40005, errcode(addMaterial(token, "image", "banner.png", gif)), "content checked");
        assertEquals(40009, errcode(addMaterial(token, "image", "empty.gif", new byte[0])));
        assertEquals(
                41005,
                errcode(post(
                        "/sandbox/wechat/api/cgi-bin/material/add_material?access_token=" + token + "&type=image",
                        "{}")));
        assertEquals(
                404,
                call("GET", "/sandbox/wechat/api/mmbiz/never-added-000000000", null, null)
                        .statusCode());
        // a permanent image serves a customer-service image message like a temporary one
        String user = openid(appid, 0);
        assertEquals(
                0,
                errcode(post(
                        "/sandbox/wechat/api/cgi-bin/message/custom/send?access_token=" + token,
                        "{\"touser\":\"" + user + "\",\"msgtype\":\"image\",\"image\":{\"media_id\":\"" + mediaId
                                + "\"}}")));
    }

    @Test
    void mediaUploadChecksTypeAndSizeAndFeedsKfImages() throws Exception {
        String appid = account();
        String token = token(appid);
        byte[] png = new byte[2048];
        System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a}, 0, png, 0, 8);
        JsonObject ok = Json.createReader(
                        new StringReader(upload(token, "image", "bill.png", png).body()))
                .readObject();
        assertEquals("image", ok.getString("type"), ok.toString());
        String mediaId = ok.getString("media_id");
        assertTrue(ok.getJsonNumber("created_at").longValue() > 1_600_000_000L);
        byte[] thumb = new byte[(64 << 10) + 1];
        thumb[0] = (byte) 0xFF;
        thumb[1] = (byte) 0xD8;
        thumb[2] = (byte) 0xFF;
        assertEquals(
                40012,
                errcode(Json.createReader(new StringReader(
                                upload(token, "thumb", "t.jpg", thumb).body()))
                        .readObject()));
        assertEquals(
                40005,
                errcode(Json.createReader(new StringReader(
                                upload(token, "image", "x.exe", png).body()))
                        .readObject()));
        assertEquals(
                40004,
                errcode(Json.createReader(new StringReader(
                                upload(token, "file", "x.png", png).body()))
                        .readObject()));
        assertEquals(
                41005,
                errcode(post("/sandbox/wechat/api/cgi-bin/media/upload?access_token=" + token + "&type=image", "{}")));
        String user = openid(appid, 0);
        assertEquals(
                0,
                errcode(post(
                        "/sandbox/wechat/api/cgi-bin/message/custom/send?access_token=" + token,
                        "{\"touser\":\"" + user + "\",\"msgtype\":\"image\",\"image\":{\"media_id\":\"" + mediaId
                                + "\"}}")));
        assertEquals("image", inbox(appid, user).getJsonObject(0).getString("type"));

        JsonObject qr = post(
                "/sandbox/wechat/api/cgi-bin/qrcode/create?access_token=" + token,
                "{\"expire_seconds\":600,\"action_name\":\"QR_SCENE\",\"action_info\":{\"scene\":{\"scene_id\":42}}}");
        assertEquals(600, qr.getInt("expire_seconds"), qr.toString());
        HttpResponse<String> image = call(
                "GET",
                "/sandbox/wechat/api/cgi-bin/showqrcode?ticket="
                        + java.net.URLEncoder.encode(qr.getString("ticket"), StandardCharsets.UTF_8),
                null,
                null);
        assertEquals(200, image.statusCode());
        assertTrue(image.body().contains("scene 42"));
        assertNotEquals(
                200,
                call("GET", "/sandbox/wechat/api/cgi-bin/showqrcode?ticket=nope", null, null)
                        .statusCode());
    }
}
