package org.wxplatform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.wxplatform.sandbox.wechat.CallbackMode;
import org.wxplatform.sandbox.wechat.CallbackSimulator;
import org.wxplatform.sandbox.wechat.Delivery;

/**
 * What the business ITs share: a fresh safe-mode account registered with the product and the sandbox,
 * a subscriber talking to it through the callback simulator, the carrier simulator's control endpoints
 * (the SMS it sent, a subscriber's data, latency and outages), and the sandbox inbox of kf messages.
 */
final class BusinessSupport {

    static final String KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    static final String TOKEN = "bizToken1";
    static final String SECRET = "0123456789abcdef0123456789abcdef";

    final URL base;
    final Http http;
    final String appid;
    final CallbackSimulator wechat;

    BusinessSupport(URL base) throws Exception {
        this.base = base;
        this.http = new Http(base);
        this.appid = TestEnv.safeAccount(http, "营业厅", SECRET, TOKEN, KEY);
        this.wechat = new CallbackSimulator(base.toString(), appid, TOKEN, KEY, CallbackMode.SAFE, null);
    }

    /** A fresh openid for this test. */
    static String openid(String prefix) {
        return prefix + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    }

    /** A number the simulator knows (never ending in 0000), different each time. */
    static String phone() {
        while (true) {
            String p = "139" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
            if (!p.endsWith("0000")) {
                return p;
            }
        }
    }

    /** The subscriber sends a text; answers the delivery (checked: delivered, one attempt). */
    Delivery send(String openid, String text) {
        return accepted(wechat.send(wechat.messages().text(openid, text)));
    }

    Delivery click(String openid, String key) {
        return accepted(wechat.send(wechat.messages().click(openid, key)));
    }

    /** The text the account answered to {@code text}. */
    String say(String openid, String text) {
        Delivery d = send(openid, text);
        assertEquals("text", d.msgType(), "a text reply to '" + text + "'");
        return d.content();
    }

    static Delivery accepted(Delivery d) {
        assertNull(d.problem(), d.problem());
        assertEquals(200, d.status());
        return d;
    }

    /** The code the carrier simulator "sent" to {@code phone}. */
    String smsCode(String phone) throws Exception {
        HttpResponse<String> r = http.get("/sandbox/carrier/control/sms?phone=" + phone, null);
        assertEquals(200, r.statusCode(), r.body());
        String code = json(r.body()).getString("code");
        assertTrue(code.matches("\\d{6}"), code);
        return code;
    }

    /** The simulator's current data of {@code phone}. */
    JsonObject subscriber(String phone) throws Exception {
        HttpResponse<String> r = http.get("/sandbox/carrier/control/subscriber?phone=" + phone, null);
        assertEquals(200, r.statusCode(), r.body());
        return json(r.body());
    }

    /** Changes the carrier simulator's configuration (latency, failure rate, down). */
    void carrier(String patch) throws Exception {
        HttpResponse<String> r = http.json("POST", "/sandbox/carrier/control", null, patch);
        assertEquals(200, r.statusCode(), r.body());
    }

    /** Binds {@code openid} to {@code phone} through the chat, with the code read from the simulator. */
    void bind(String openid, String phone) throws Exception {
        assertTrue(say(openid, "绑定").contains("11位手机号码"));
        assertTrue(say(openid, phone).startsWith("验证码已发送至 " + mask(phone)));
        assertTrue(say(openid, smsCode(phone)).startsWith("绑定成功"));
    }

    /** The customer-service texts the sandbox delivered to {@code openid}, oldest first. */
    List<String> kfTexts(String openid) throws Exception {
        var r = http.get("/sandbox/wechat/users/" + appid + "/" + openid + "/inbox", null);
        assertEquals(200, r.statusCode(), r.body());
        List<String> out = new ArrayList<>();
        for (JsonValue v : Json.createReader(new StringReader(r.body())).readArray()) {
            JsonObject m = v.asJsonObject();
            if ("kf".equals(m.getString("kind", "")) && "text".equals(m.getString("type", ""))) {
                out.add(m.getJsonObject("text").getString("content"));
            }
        }
        return out;
    }

    List<String> awaitKfTexts(String openid, int count, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        List<String> got = kfTexts(openid);
        while (got.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(200);
            got = kfTexts(openid);
        }
        return got;
    }

    static JsonObject json(String body) {
        return Json.createReader(new StringReader(body)).readObject();
    }

    static JsonArray array(JsonObject o, String name) {
        return o.getJsonArray(name);
    }

    static String mask(String phone) {
        return phone.substring(0, 3) + "****" + phone.substring(7);
    }

    /** Fen as the product shows yuan. */
    static String yuan(long fen) {
        return BigDecimal.valueOf(fen, 2).toPlainString() + "元";
    }

    /** KB as the product shows data: MB below 1 GB, GB from there, two decimals cut. */
    static String data(long kb) {
        long gb = 1024L * 1024;
        return kb >= gb
                ? BigDecimal.valueOf(kb).divide(BigDecimal.valueOf(gb), 2, RoundingMode.DOWN) + "GB"
                : BigDecimal.valueOf(kb).divide(BigDecimal.valueOf(1024), 2, RoundingMode.DOWN) + "MB";
    }
}
