package org.wxplatform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.wxplatform.sandbox.wechat.CallbackMessages;
import org.wxplatform.sandbox.wechat.CallbackMode;
import org.wxplatform.sandbox.wechat.CallbackSimulator;
import org.wxplatform.sandbox.wechat.Delivery;

/**
 * {@code /api/admin/accounts/{appid}/menu} over HTTP (SPEC §6.7): roles, WeChat's rules as 400s naming the
 * field with nothing written, publish to the sandbox WeChat with the read-back compared, and clicks
 * counted once per message (a message delivered three times counts once), on the day of its CreateTime
 * in Beijing time.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class MenuApiIT {

    static final String SECRET = "0123456789abcdef0123456789abcdef";
    static final String KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    static final String TOKEN = "menuTok1";
    static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    static final String HALL = "https://example.com/hall?from=menu";
    static final String MENU = "{\"button\":[{\"type\":\"click\",\"name\":\"查话费\",\"key\":\"BILL\"},"
            + "{\"name\":\"服务\",\"sub_button\":[{\"type\":\"view\",\"name\":\"网上营业厅\",\"url\":\"" + HALL + "\"},"
            + "{\"type\":\"scancode_push\",\"name\":\"扫一扫\",\"key\":\"SCAN\"},"
            + "{\"type\":\"click\",\"name\":\"人工客服\",\"key\":\"KF\"}]},"
            + "{\"type\":\"click\",\"name\":\"跨天\",\"key\":\"DAY\"}]}";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.product();
    }

    @ArquillianResource
    URL base;

    private static JsonObject object(HttpResponse<String> r) {
        return Json.createReader(new StringReader(r.body())).readObject();
    }

    private static String superAdmin() {
        return Http.basic(TestEnv.ADMIN, TestEnv.adminPassword());
    }

    private static String user(Http http, String role) throws Exception {
        String user = "mn" + role.toLowerCase(Locale.ROOT) + Long.toHexString(System.nanoTime());
        assertEquals(
                201,
                http.json(
                                "PUT",
                                "/api/admin/users/" + user,
                                superAdmin(),
                                "{\"password\":\"menu-pass-1\",\"role\":\"" + role + "\"}")
                        .statusCode());
        return Http.basic(user, "menu-pass-1");
    }

    @Test
    void rolesAndRulesNothingHalfWritten() throws Exception {
        Http http = new Http(base);
        String appid = TestEnv.safeAccount(http, "菜单号", SECRET, TOKEN, KEY);
        String path = "/api/admin/accounts/" + appid + "/menu";
        String admin = user(http, "ADMIN");
        String agent = user(http, "AGENT");

        assertEquals(401, http.get(path, null).statusCode());
        assertEquals(403, http.get(path, agent).statusCode());
        assertEquals(403, http.get(path + "/stats", agent).statusCode());
        assertEquals(403, http.json("PUT", path, admin, MENU).statusCode(), "ADMIN reads only");
        assertEquals(403, http.json("POST", path + "/publish", admin, "{}").statusCode());
        assertEquals(401, http.json("PUT", path, null, MENU).statusCode());
        assertEquals(
                404,
                http.get("/api/admin/accounts/wx0000000000000000/menu", superAdmin())
                        .statusCode());

        JsonObject empty = object(http.get(path, admin));
        assertTrue(empty.isNull("draft"));
        assertEquals(
                409, http.json("POST", path + "/publish", superAdmin(), "{}").statusCode(), "no draft yet");

        HttpResponse<String> saved = http.json("PUT", path, superAdmin(), MENU);
        assertEquals(200, saved.statusCode(), saved.body());
        assertEquals(
                3, object(saved).getJsonObject("draft").getJsonArray("button").size());

        String longSub = MENU.replace("人工客服", "人工客服".repeat(6)); // 72 bytes
        assertRefused(http, path, longSub, "button[1].sub_button[2].name: at most 60 bytes, got 72");
        assertRefused(http, path, MENU.replace("查话费", "查询话费余额"), "button[0].name: at most 16 bytes, got 18");
        assertRefused(http, path, MENU.replace("\"KF\"", "\"BILL\""), "button[1].sub_button[2].key:");
        assertRefused(http, path, MENU.replace(HALL, "ftp://example.com"), "button[1].sub_button[0].url:");
        assertRefused(
                http,
                path,
                MENU.replace("\"key\":\"DAY\"", "\"key\":\"" + "k".repeat(129) + "\""),
                "button[2].key: at most 128 bytes");
        assertRefused(http, path, "{\"button\":[", "body: not valid JSON");
        assertRefused(http, path, "{\"button\":[]}", "button: 1 to 3 buttons");
        assertRefused(
                http,
                path,
                "{\"button\":[{\"name\":\"a\",\"type\":\"click\",\"key\":\"x\",\"sub_button\":[{\"type\":\"click\","
                        + "\"name\":\"b\",\"key\":\"y\"}]}]}",
                "button[0].type: a button with sub-buttons has no type");
        // none of the refused drafts replaced the saved one
        assertEquals(
                object(saved).getJsonObject("draft"),
                object(http.get(path, admin)).getJsonObject("draft"));

        assertEquals(
                "from: expected yyyy-MM-dd",
                object(http.get(path + "/stats?from=2026-13-01", admin)).getString("error"));
        assertEquals(
                "to: expected yyyy-MM-dd",
                object(http.get(path + "/stats?to=yesterday", admin)).getString("error"));
        assertEquals(
                "from: after to",
                object(http.get(path + "/stats?from=2026-02-02&to=2026-02-01", admin))
                        .getString("error"));
        assertTrue(object(http.get(path + "/stats?from=2020-01-01&to=2026-01-01", admin))
                .getString("error")
                .startsWith("from: at most 366 days"));
    }

    private static void assertRefused(Http http, String path, String body, String error) throws Exception {
        HttpResponse<String> r = http.json("PUT", path, superAdmin(), body);
        assertEquals(400, r.statusCode(), r.body());
        String message = object(r).getString("error");
        assertTrue(message.startsWith(error), message + " should start with " + error);
    }

    @Test
    void publishReadsBackAndClicksAreCountedOncePerMessage() throws Exception {
        Http http = new Http(base);
        String appid = TestEnv.safeAccount(http, "统计号", SECRET, TOKEN, KEY);
        String path = "/api/admin/accounts/" + appid + "/menu";
        assertEquals(200, http.json("PUT", path, superAdmin(), MENU).statusCode());

        HttpResponse<String> published = http.json("POST", path + "/publish", superAdmin(), "");
        assertEquals(200, published.statusCode(), published.body());
        JsonObject p = object(published);
        assertTrue(p.getBoolean("equal"), p.toString());
        assertEquals(p.getJsonObject("draft"), p.getJsonObject("wechat"));
        // the sandbox WeChat holds the very menu (what its phone page shows)
        JsonObject held = object(http.get("/sandbox/wechat/phone/" + appid + "/menu", null))
                .getJsonObject("menu");
        assertEquals(p.getJsonObject("draft").getJsonArray("button"), held.getJsonArray("button"));
        JsonObject state = object(http.get(path, superAdmin()));
        assertTrue(state.getBoolean("inSync"));
        assertEquals(TestEnv.ADMIN, state.getString("publishedBy"));

        CallbackSimulator wechat = new CallbackSimulator(base.toString(), appid, TOKEN, KEY, CallbackMode.SAFE, null);
        String user = "oMenu" + Long.toHexString(System.nanoTime());
        // one click delivered three times (WeChat's retries) counts once, in sequence and all at once
        for (CallbackSimulator.Order order : CallbackSimulator.Order.values()) {
            List<Delivery> deliveries =
                    wechat.deliverRepeatedly(wechat.messages().click(user + order.ordinal(), "BILL"), 3, order);
            assertEquals(3, deliveries.size());
            deliveries.forEach(d -> assertNull(d.problem(), d.problem()));
        }
        assertNull(wechat.send(wechat.messages().view(user, HALL)).problem());
        String scan = "<xml><ToUserName><![CDATA[" + wechat.originalId() + "]]></ToUserName><FromUserName><![CDATA["
                + user + "]]></FromUserName><CreateTime>" + System.currentTimeMillis() / 1000
                + "</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[scancode_push]]></Event>"
                + "<EventKey><![CDATA[SCAN]]></EventKey><ScanCodeInfo><ScanType><![CDATA[qrcode]]></ScanType>"
                + "<ScanResult><![CDATA[1]]></ScanResult></ScanCodeInfo></xml>";
        for (Delivery d : wechat.deliverRepeatedly(scan, 3, CallbackSimulator.Order.SEQUENTIAL)) {
            assertNull(d.problem(), d.problem());
        }

        // a day boundary in Beijing time: 23:59:59 yesterday and 00:00:00 today are two days
        LocalDate today = LocalDate.now(BEIJING);
        long midnight = today.atStartOfDay(BEIJING).toEpochSecond();
        for (long at : new long[] {midnight - 1, midnight}) {
            CallbackMessages stamped = new CallbackMessages(wechat.originalId(), () -> at);
            for (Delivery d :
                    wechat.deliverRepeatedly(stamped.click(user, "DAY"), 3, CallbackSimulator.Order.SEQUENTIAL)) {
                assertNull(d.problem(), d.problem());
            }
        }

        JsonObject stats = object(http.get(path + "/stats?from=" + today.minusDays(6) + "&to=" + today, superAdmin()));
        assertEquals("published", stats.getString("source"));
        JsonArray days = stats.getJsonArray("days");
        assertEquals(7, days.size());
        assertEquals(today.toString(), days.getString(6));
        JsonObject bill = button(stats, "查话费");
        assertEquals(2, bill.getInt("total"), "two messages, each delivered three times: " + bill);
        assertEquals(2, bill.getJsonArray("daily").getInt(6));
        assertFalse(bill.getBoolean("idle"));
        JsonObject hall = button(stats, "网上营业厅");
        assertEquals(HALL, hall.getString("key"), "a view button is counted by its URL");
        assertEquals(1, hall.getInt("total"));
        assertEquals(1, button(stats, "扫一扫").getInt("total"));
        JsonObject day = button(stats, "跨天");
        assertEquals(2, day.getInt("total"));
        assertEquals(1, day.getJsonArray("daily").getInt(5), "23:59:59 is yesterday");
        assertEquals(1, day.getJsonArray("daily").getInt(6), "00:00:00 is today");
        JsonObject kf = button(stats, "人工客服");
        assertTrue(kf.getBoolean("countable"));
        assertEquals(0, kf.getInt("total"));
        assertTrue(kf.getBoolean("idle"), "no click in 7 days");
        JsonObject parent = button(stats, "服务");
        assertFalse(parent.getBoolean("countable"), "a parent sends no event");
        assertFalse(parent.getBoolean("idle"));
        assertEquals(0.3333, bill.getJsonNumber("share").doubleValue(), 1e-9, "2 of 6 clicks");

        // yesterday alone: a range under 7 days marks nothing idle
        JsonObject yesterday = object(
                http.get(path + "/stats?from=" + today.minusDays(1) + "&to=" + today.minusDays(1), superAdmin()));
        assertEquals(1, button(yesterday, "跨天").getInt("total"));
        assertFalse(button(yesterday, "人工客服").getBoolean("idle"));
    }

    private static JsonObject button(JsonObject stats, String name) {
        return stats.getJsonArray("buttons").getValuesAs(JsonObject.class).stream()
                .filter(b -> b.getString("name").equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no button " + name + " in " + stats));
    }
}
