package org.wxplatform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.io.StringReader;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.wxplatform.sandbox.wechat.CallbackMode;
import org.wxplatform.sandbox.wechat.CallbackSimulator;
import org.wxplatform.sandbox.wechat.Delivery;

/**
 * {@code /api/admin/daily-mails} on the test server, whose mail session points at this test's SMTP server
 * ({@code WXP_SMTP_PORT} from scripts/test, recipients {@code WXP_DAILY_MAIL_TO}): a day's mail sent now
 * through the server's own mail session, once however many operators press the button at once; roles.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class DailyMailApiIT {

    static GreenMail smtp;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.product();
    }

    @ArquillianResource
    URL base;

    @BeforeAll
    static void startSmtp() {
        int port = Integer.parseInt(System.getenv().getOrDefault("WXP_SMTP_PORT", "2525"));
        smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
    }

    @AfterAll
    static void stopSmtp() {
        smtp.stop();
    }

    static int recipients() {
        return System.getenv().getOrDefault("WXP_DAILY_MAIL_TO", "").split(",").length;
    }

    static List<MimeMessage> mailsOf(LocalDate day) throws Exception {
        List<MimeMessage> out = new ArrayList<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            if (m.getSubject() != null && m.getSubject().contains(day.toString())) {
                out.add(m);
            }
        }
        return out;
    }

    @Test
    void superAdminSendsADayOnceAdminReadsAgentIsRefused() throws Exception {
        Http http = new Http(base);
        String sa = Http.basic(TestEnv.ADMIN, TestEnv.adminPassword());
        String admin = user(http, sa, "ADMIN");
        String agent = user(http, sa, "AGENT");
        LocalDate day = DailyMailIT.pastDay();
        String appid = TestEnv.newAppid();
        DailyMailIT.seed(day, appid);

        assertEquals(
                403,
                http.json("POST", "/api/admin/daily-mails/" + day + "/send", admin, "")
                        .statusCode());
        assertEquals(0, mailsOf(day).size());
        HttpResponse<String> sent = http.json("POST", "/api/admin/daily-mails/" + day + "/send", sa, "");
        assertEquals(200, sent.statusCode(), sent.body());
        assertEquals("SENT", parse(sent.body()).getString("outcome"));
        List<MimeMessage> mails = mailsOf(day);
        assertEquals(recipients(), mails.size(), "one mail to each recipient");
        Map<String, String> parts = DailyMailIT.parts(mails.get(0));
        assertEquals(
                Map.of("D", 3L, "F", 2L, "W", 1L),
                DailyMailIT.csvColumns(parts.get("transactions-by-state.csv"), 0, 2));
        assertEquals(Map.of(appid, 4L), DailyMailIT.csv(parts.get("misses.csv")));
        assertTrue(parts.get("html").contains("微信公众平台日报 " + day));

        HttpResponse<String> again = http.json("POST", "/api/admin/daily-mails/" + day + "/send", sa, "");
        assertEquals(409, again.statusCode(), again.body());
        assertTrue(parse(again.body()).getString("error").startsWith("day:"), again.body());
        assertEquals(recipients(), mailsOf(day).size(), "never twice");

        HttpResponse<String> list = http.get("/api/admin/daily-mails?limit=500", admin);
        assertEquals(200, list.statusCode(), list.body());
        JsonObject row = parse(list.body()).getJsonArray("rows").stream()
                .map(v -> v.asJsonObject())
                .filter(o -> o.getString("day").equals(day.toString()))
                .findFirst()
                .orElseThrow();
        assertEquals("SENT", row.getString("state"));
        assertEquals(1, row.getInt("attempts"));
        assertEquals(403, http.get("/api/admin/daily-mails", agent).statusCode());
        assertEquals(401, http.get("/api/admin/daily-mails", null).statusCode());
    }

    @Test
    void operatorsPressingTogetherSendOneMail() throws Exception {
        Http http = new Http(base);
        String sa = Http.basic(TestEnv.ADMIN, TestEnv.adminPassword());
        LocalDate day = DailyMailIT.pastDay();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            answers.add(pool.submit(() -> {
                go.await();
                return http.json("POST", "/api/admin/daily-mails/" + day + "/send", sa, "")
                        .statusCode();
            }));
        }
        go.countDown();
        int ok = 0;
        for (var a : answers) {
            int status = a.get();
            assertTrue(status == 200 || status == 409, "status " + status);
            ok += status == 200 ? 1 : 0;
        }
        pool.shutdown();
        assertEquals(1, ok, "one of six sends went out");
        assertEquals(recipients(), mailsOf(day).size(), "one mail");
    }

    @Test
    void textsNothingAnsweredAreCountedOncePerMessage() throws Exception {
        Http http = new Http(base);
        String token = "dailyTok1";
        String key = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
        String appid = TestEnv.safeAccount(http, "日报测试", "0123456789abcdef0123456789abcdef", token, key);
        CallbackSimulator wechat = new CallbackSimulator(base.toString(), appid, token, key, CallbackMode.SAFE, null);
        String user = "oMiss" + Long.toHexString(System.nanoTime());
        String first = null;
        for (int i = 0; i < 3; i++) {
            String xml = wechat.messages().text(user, "没有这个关键词" + i);
            first = first == null ? xml : first;
            Delivery d = wechat.send(xml);
            assertEquals(null, d.problem(), String.valueOf(d.problem()));
            assertTrue(d.content().contains("没有找到相关内容"), d.content());
        }
        assertEquals(null, wechat.send(first).problem(), "WeChat's retry of the first text");
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        try (var c = DailyMailIT.database().getConnection();
                var ps = c.prepareStatement("SELECT misses FROM msg_miss_daily WHERE day = ? AND appid = ?")) {
            ps.setObject(1, today);
            ps.setString(2, appid);
            try (var rs = ps.executeQuery()) {
                assertTrue(rs.next(), "a row for the account and day");
                assertEquals(3, rs.getLong(1), "three misses, the retry not counted again");
            }
        }
    }

    @Test
    void badDaysAreRefusedNamingTheField() throws Exception {
        Http http = new Http(base);
        String sa = Http.basic(TestEnv.ADMIN, TestEnv.adminPassword());
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        for (String bad : List.of(
                "2026-13-01",
                "yesterday",
                "2026-1-1",
                today.toString(),
                today.plusDays(3).toString(),
                "1999-12-31")) {
            HttpResponse<String> r = http.json("POST", "/api/admin/daily-mails/" + bad + "/send", sa, "");
            assertEquals(400, r.statusCode(), bad + ": " + r.body());
            assertTrue(parse(r.body()).getString("error").startsWith("day:"), r.body());
        }
        for (String q : List.of("limit=0", "limit=501", "limit=x", "after=nonsense")) {
            HttpResponse<String> r = http.get("/api/admin/daily-mails?" + q, sa);
            assertEquals(400, r.statusCode(), q + ": " + r.body());
            String field = q.substring(0, q.indexOf('='));
            assertTrue(parse(r.body()).getString("error").startsWith(field + ":"), r.body());
        }
    }

    static String user(Http http, String sa, String role) throws Exception {
        String name = role.toLowerCase() + Long.toHexString(System.nanoTime());
        var r = http.json(
                "PUT",
                "/api/admin/users/" + name,
                sa,
                "{\"password\":\"pass-" + name + "\",\"role\":\"" + role + "\"}");
        assertEquals(201, r.statusCode(), r.body());
        return Http.basic(name, "pass-" + name);
    }

    static JsonObject parse(String body) {
        return Json.createReader(new StringReader(body)).readObject();
    }
}
