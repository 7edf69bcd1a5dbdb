package org.wxplatform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import java.math.BigDecimal;
import java.net.URL;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.wxplatform.sandbox.wechat.CallbackMessages;
import org.wxplatform.sandbox.wechat.CallbackMode;
import org.wxplatform.sandbox.wechat.CallbackSimulator;
import org.wxplatform.sandbox.wechat.Delivery;

/**
 * The product driven by the sandbox's WeChat simulator, which has its own implementation of the
 * official crypto: every inbound message and event type is accepted in each mode, and every reply the
 * product gives over HTTP verifies and decrypts on WeChat's side; repeated deliveries of one message,
 * in parallel and in sequence, get one execution and the same reply.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SimulatorIT {

    static final String KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    static final String TOKEN = "simToken77";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.product();
    }

    @ArquillianResource
    URL base;

    @ParameterizedTest
    @ValueSource(strings = {"safe", "compat", "plain"})
    void everyMessageTypeIsAcceptedAndEveryReplyVerifiesInTheSimulator(String mode) throws Exception {
        String appid = account(mode);
        CallbackSimulator wechat =
                new CallbackSimulator(base.toString(), appid, TOKEN, KEY, CallbackMode.parse(mode), null);
        CallbackMessages m = wechat.messages();
        String user = "oSim_" + mode;

        Delivery text = accepted(wechat.send(m.text(user, "请问营业厅在哪")));
        assertEquals("text", text.msgType());
        assertEquals("人民路1号营业厅", text.content());
        assertEquals(user, text.reply().get("ToUserName"));

        Delivery news = accepted(wechat.send(m.text(user, "WiFi")));
        assertEquals("news", news.msgType());
        assertEquals("2", news.reply().get("Articles"));
        assertEquals("免费WiFi 1", news.reply().get("Articles.1.Title"));
        assertEquals("https://example.com/wifi/2", news.reply().get("Articles.2.Url"));

        Delivery image = accepted(wechat.send(m.text(user, "海报")));
        assertEquals("image", image.msgType());
        assertEquals("MEDIA_POSTER", image.reply().get("MediaId"));

        Delivery welcome = accepted(wechat.send(m.subscribe(user, "store42", "TICKET1")));
        assertEquals("text", welcome.msgType());
        assertEquals("欢迎关注", welcome.content());

        // every other type of SPEC §1.3, and an event the product does not know, is accepted
        Map<String, String> others = new LinkedHashMap<>();
        others.put("image", m.image(user, "https://example.com/p.jpg", "MI1"));
        others.put("voice", m.voice(user, "MV1", "amr", "查话费"));
        others.put("video", m.video(user, "MVD1", "TH1"));
        others.put("shortvideo", m.shortVideo(user, "MSV1", "TH2"));
        others.put("location", m.location(user, new BigDecimal("23.134521"), new BigDecimal("113.358803"), 20, "广州"));
        others.put("link", m.link(user, "标题", "说明", "https://example.com/a"));
        others.put("subscribe", m.subscribe(user));
        others.put("SCAN", m.scan(user, "42", "TICKET2"));
        others.put(
                "LOCATION",
                m.locationEvent(
                        user, new BigDecimal("23.137466"), new BigDecimal("113.352425"), new BigDecimal("119.385040")));
        others.put("CLICK", m.click(user, "NO_SUCH_KEY"));
        others.put("VIEW", m.view(user, "https://example.com/menu"));
        others.put("TEMPLATESENDJOBFINISH", m.templateSendJobFinish(user, "200163836", "success"));
        others.put("MASSSENDJOBFINISH", m.massSendJobFinish(user, "1988", "send success", 100, 80, 75, 5));
        others.put("unsubscribe", m.unsubscribe(user));
        others.put("scancode_push", m.event(user, "scancode_push", "k1"));
        for (Map.Entry<String, String> e : others.entrySet()) {
            // one user per event: events are keyed by user, time and event, as WeChat's retries are
            Delivery d = wechat.send(e.getValue().replace(user, user + "_" + e.getKey()));
            assertNull(d.problem(), e.getKey() + ": " + d.problem());
            assertEquals(200, d.status(), e.getKey());
            assertEquals(1, d.attempts(), e.getKey() + " answered at the first attempt");
        }

        // every message and event above is in the user log, once
        assertEquals(4 + others.size(), CallbackIT.logged(appid));
    }

    @ParameterizedTest
    @ValueSource(strings = {"PARALLEL", "SEQUENTIAL"})
    void repeatedDeliveriesRunOnceAndGetTheSameReply(String order) throws Exception {
        String appid = account("safe");
        CallbackSimulator wechat = new CallbackSimulator(base.toString(), appid, TOKEN, KEY, CallbackMode.SAFE, null);
        int messages = 20;
        List<String> replies = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            int times = 1 + i % 4;
            List<Delivery> deliveries = wechat.deliverRepeatedly(
                    wechat.messages().text("oRetry" + i, "营业厅"), times, CallbackSimulator.Order.valueOf(order));
            assertEquals(times, deliveries.size());
            for (Delivery d : deliveries) {
                accepted(d);
            }
            Set<String> distinct = deliveries.stream().map(Delivery::replyXml).collect(Collectors.toSet());
            assertEquals(1, distinct.size(), "every delivery of message " + i + " gets the same reply");
            replies.add(deliveries.get(0).content());
        }
        assertTrue(replies.stream().allMatch("人民路1号营业厅"::equals), replies.toString());
        assertEquals(messages, CallbackIT.logged(appid), "each message executed once");
    }

    private static Delivery accepted(Delivery d) {
        assertNull(d.problem(), d.problem());
        assertEquals(200, d.status());
        assertTrue(d.hasReply(), "a reply, not success: " + d.body());
        return d;
    }

    private String account(String mode) throws Exception {
        Http http = new Http(base);
        String admin = Http.basic(TestEnv.ADMIN, TestEnv.adminPassword());
        String appid = TestEnv.newAppid();
        String body = Json.createObjectBuilder()
                .add("name", "模拟器")
                .add("secret", "0123456789abcdef0123456789abcdef")
                .add("token", TOKEN)
                .add("aesKey", KEY)
                .add("mode", mode)
                .build()
                .toString();
        assertEquals(
                201,
                http.json("PUT", "/api/admin/accounts/" + appid, admin, body).statusCode());
        String replies = "/api/admin/accounts/" + appid + "/autoreplies";
        create(http, admin, replies, entry("营业厅", "contains", text("人民路1号营业厅")));
        JsonArrayBuilder articles = Json.createArrayBuilder();
        for (int i = 1; i <= 2; i++) {
            articles.add(Json.createObjectBuilder()
                    .add("title", "免费WiFi " + i)
                    .add("description", "说明")
                    .add("picUrl", "https://example.com/" + i + ".jpg")
                    .add("url", "https://example.com/wifi/" + i));
        }
        create(
                http,
                admin,
                replies,
                entry(
                        "WiFi",
                        "equals",
                        Json.createObjectBuilder()
                                .add("type", "news")
                                .add("articles", articles)
                                .build()));
        create(
                http,
                admin,
                replies,
                entry(
                        "海报",
                        "equals",
                        Json.createObjectBuilder()
                                .add("type", "image")
                                .add("mediaId", "MEDIA_POSTER")
                                .build()));
        var welcome = http.json(
                "PUT",
                "/api/admin/accounts/" + appid + "/welcome",
                admin,
                Json.createObjectBuilder()
                        .add("contents", Json.createArrayBuilder().add(text("欢迎关注")))
                        .build()
                        .toString());
        assertTrue(welcome.statusCode() / 100 == 2, welcome.body());
        return appid;
    }

    private static void create(Http http, String admin, String path, String entry) throws Exception {
        var r = http.json("POST", path, admin, entry);
        assertEquals(201, r.statusCode(), r.body());
    }

    private static jakarta.json.JsonObject text(String text) {
        return Json.createObjectBuilder().add("type", "text").add("text", text).build();
    }

    private static String entry(String keyword, String match, jakarta.json.JsonObject content) {
        return Json.createObjectBuilder()
                .add("keyword", keyword)
                .add("match", match)
                .add("contents", Json.createArrayBuilder().add(content))
                .build()
                .toString();
    }
}
