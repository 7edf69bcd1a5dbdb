package org.wxplatform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.annotation.Resource;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.StringReader;
import java.net.URL;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.wxplatform.customerservice.AutoReplyDraft;
import org.wxplatform.customerservice.AutoReplyEntry;
import org.wxplatform.customerservice.AutoReplyService;
import org.wxplatform.message.route.MissResponder;
import org.wxplatform.message.route.SubscribeResponder;
import org.wxplatform.message.route.TextResponder;
import org.wxplatform.message.xml.InboundMessage;
import org.wxplatform.message.xml.NewsReply;
import org.wxplatform.message.xml.Reply;
import org.wxplatform.message.xml.TextReply;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;

/**
 * The keyword auto-reply: its admin API over HTTP as an operator's script uses it ({@code @RunAsClient}
 * tests), and its answers inside the server through the router's plug-in interfaces, including a change
 * made by another node showing within about a second.
 */
@ExtendWith(ArquillianExtension.class)
class AutoReplyIT {

    @Deployment
    static WebArchive deployment() {
        return Deployments.product();
    }

    // ---- in the server ----

    @Inject
    AutoReplyService autoReplies;

    @Inject
    Instance<TextResponder> textResponders;

    @Inject
    Instance<SubscribeResponder> subscribeResponders;

    @Inject
    Instance<MissResponder> missResponders;

    @Inject
    JedisPool jedisPool;

    @Resource(lookup = "java:jboss/datasources/WxpDS")
    DataSource dataSource;

    private static long msgIds = System.nanoTime() & 0xffffffffL;

    private static InboundMessage.Text text(String content) {
        return new InboundMessage.Text(
                "gh_autoreply", "o_subscriber", System.currentTimeMillis() / 1000, Long.toString(++msgIds), content);
    }

    private TextResponder autoReplyResponder() {
        List<TextResponder> atThousand =
                textResponders.stream().filter(r -> r.priority() == 1000).toList();
        assertEquals(1, atThousand.size(), "one text responder at the auto-reply's priority");
        return atThousand.get(0);
    }

    private static Optional<String> content(Optional<Reply> reply) {
        return reply.map(r -> ((TextReply) r).content());
    }

    /** Polls until the condition holds; returns the milliseconds it took. */
    private static long within(long millis, Supplier<Boolean> condition, String what) throws InterruptedException {
        long start = System.nanoTime();
        while (!condition.get()) {
            if (System.nanoTime() - start > TimeUnit.MILLISECONDS.toNanos(millis)) {
                throw new AssertionError(what + " not within " + millis + " ms");
            }
            Thread.sleep(20);
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    @Test
    void theTextResponderAnswersFromTheNonHiddenKeywords() throws Exception {
        String appid = TestEnv.newAppid();
        TextResponder responder = autoReplyResponder();
        AutoReplyEntry hall = autoReplies.create(
                appid, new AutoReplyDraft("营业厅", "contains", List.of(AutoReplyDraft.Content.text("人民路1号"))));
        autoReplies.create(
                appid,
                new AutoReplyDraft(
                        "WiFi",
                        "equals",
                        List.of(AutoReplyDraft.Content.text("W1"), AutoReplyDraft.Content.text("W2"))));
        AutoReplyEntry traffic = autoReplies.create(
                appid, new AutoReplyDraft("流量", "contains", List.of(AutoReplyDraft.Content.text("流量包"))));
        autoReplies.setHidden(appid, traffic.id(), true);

        assertEquals(Optional.of("人民路1号"), content(responder.reply(appid, text("附近的营业厅在哪"))));
        assertTrue(Set.of("W1", "W2")
                .contains(content(responder.reply(appid, text(" wifi "))).orElseThrow()));
        assertEquals(Optional.empty(), responder.reply(appid, text("wifi密码")), "equals is not contains");
        assertEquals(Optional.empty(), responder.reply(appid, text("流量")), "hidden entries never answer");
        assertEquals(Optional.empty(), responder.reply(appid, text("你好")));
        assertEquals(Optional.empty(), responder.reply(TestEnv.newAppid(), text("营业厅")), "accounts are apart");

        // both contents of an entry are used
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            seen.add(content(autoReplies.answer(appid, "WIFI")).orElseThrow());
        }
        assertTrue(seen.contains("W1") && seen.contains("W2"), "both contents drawn: " + Set.copyOf(seen));

        // an edit on this node is answered at once
        autoReplies.update(
                appid, hall.id(), new AutoReplyDraft("营业厅", "contains", List.of(AutoReplyDraft.Content.text("解放路2号"))));
        within(
                1_000,
                () -> Optional.of("解放路2号").equals(content(responder.reply(appid, text("营业厅")))),
                "the edited content");

        autoReplies.setAllHidden(appid, true);
        assertEquals(Optional.empty(), responder.reply(appid, text("营业厅")));
        autoReplies.setAllHidden(appid, false);
        assertEquals(Optional.of("流量包"), content(responder.reply(appid, text("流量"))), "show-all shows all");

        autoReplies.delete(appid, hall.id());
        assertEquals(Optional.empty(), responder.reply(appid, text("营业厅")));
    }

    @Test
    void theWelcomeAndTheMissHintComeFromTheAccount() {
        String appid = TestEnv.newAppid();
        assertTrue(subscribeResponders.isResolvable() && missResponders.isResolvable());
        InboundMessage.Subscribe subscribe =
                new InboundMessage.Subscribe("gh_autoreply", "o_new", System.currentTimeMillis() / 1000, null, null);

        assertEquals(Optional.empty(), subscribeResponders.get().welcome(appid, subscribe));
        autoReplies.setWelcome(
                appid,
                List.of(AutoReplyDraft.Content.news(new AutoReplyDraft.Article(
                        "欢迎关注", "点此绑定手机号", "https://example.com/w.jpg", "https://example.com/bind"))));
        Reply welcome = subscribeResponders.get().welcome(appid, subscribe).orElseThrow();
        assertEquals(
                "https://example.com/bind",
                ((NewsReply) welcome).articles().get(0).url());
        autoReplies.setWelcome(appid, List.of());
        assertEquals(Optional.empty(), subscribeResponders.get().welcome(appid, subscribe));

        assertEquals(
                new TextReply(AutoReplyService.DEFAULT_MISS_HINT),
                missResponders.get().miss(appid, text("随便问问")));
        autoReplies.setMissHint(appid, "没听懂呢，回复「人工」找客服小姐姐");
        assertEquals(new TextReply("没听懂呢，回复「人工」找客服小姐姐"), missResponders.get().miss(appid, text("随便问问")));
        assertEquals("没听懂呢，回复「人工」找客服小姐姐", autoReplies.missHint(appid));
        autoReplies.setMissHint(appid, " ");
        assertEquals(AutoReplyService.DEFAULT_MISS_HINT, autoReplies.missHint(appid));
    }

    @Test
    void aChangeMadeByAnotherNodeIsAnsweredWithinASecond() throws Exception {
        String appid = TestEnv.newAppid();
        autoReplies.create(appid, new AutoReplyDraft("套餐", "contains", List.of(AutoReplyDraft.Content.text("旧套餐"))));
        assertEquals(Optional.of("旧套餐"), content(autoReplies.answer(appid, "套餐")));

        // another node's write: the row changes, and only then its version stamp
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE cs_reply_content rc JOIN cs_keyword k"
                        + " ON rc.keyword_id = k.id SET rc.text_content = ? WHERE k.appid = ?")) {
            ps.setString(1, "新套餐");
            ps.setString(2, appid);
            assertEquals(1, ps.executeUpdate());
        }
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1_300);
        while (System.nanoTime() < until) {
            assertEquals(
                    Optional.of("旧套餐"),
                    content(autoReplies.answer(appid, "套餐")),
                    "without a new stamp the node keeps its copy (no database read per message)");
            Thread.sleep(50);
        }
        try (Jedis jedis = jedisPool.getResource()) {
            jedis.set("wxp:cs:autoreply:ver:" + appid, Long.toString(System.nanoTime() | 1));
        }
        long took = within(
                1_500, () -> Optional.of("新套餐").equals(content(autoReplies.answer(appid, "套餐"))), "the new stamp");
        assertTrue(took <= 1_200, "seen after " + took + " ms");
    }

    @Test
    void answeringIsFastUnderConcurrency() throws Exception {
        String appid = TestEnv.newAppid();
        for (int i = 0; i < 100; i++) {
            autoReplies.create(
                    appid,
                    new AutoReplyDraft(
                            "关键词" + i,
                            i % 2 == 0 ? "contains" : "equals",
                            List.of(AutoReplyDraft.Content.text("答" + i), AutoReplyDraft.Content.text("答" + i + "b"))));
        }
        String[] messages = {"我想问关键词42的事", "关键词7", "完全不相关的一句话，长一点也没关系", "关键词99"};
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<long[]>> runs = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                runs.add(pool.submit(() -> {
                    long[] nanos = new long[2_000];
                    for (int i = 0; i < nanos.length; i++) {
                        long start = System.nanoTime();
                        autoReplies.answer(appid, messages[i % messages.length]);
                        nanos[i] = System.nanoTime() - start;
                    }
                    return nanos;
                }));
            }
            List<Long> all = new ArrayList<>();
            for (Future<long[]> run : runs) {
                for (long n : run.get(60, TimeUnit.SECONDS)) {
                    all.add(n);
                }
            }
            long[] sorted = all.stream().mapToLong(Long::longValue).sorted().toArray();
            long p99 = sorted[(int) (sorted.length * 0.99)];
            assertTrue(
                    p99 < TimeUnit.MILLISECONDS.toNanos(10),
                    "p99 " + TimeUnit.NANOSECONDS.toMicros(p99) + " µs over " + sorted.length + " answers");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(
                Optional.of("答7"), content(autoReplies.answer(appid, "关键词7")).map(s -> s.replace("b", "")));
        assertEquals(Optional.empty(), autoReplies.answer(appid, "关键词7？"), "关键词7 is an equals keyword");
    }

    // ---- over HTTP, as an operator's script ----

    private static String superAdmin() {
        return Http.basic(TestEnv.ADMIN, TestEnv.adminPassword());
    }

    private static JsonObject object(HttpResponse<String> r) {
        return Json.createReader(new StringReader(r.body())).readObject();
    }

    private static JsonArray array(HttpResponse<String> r) {
        return Json.createReader(new StringReader(r.body())).readArray();
    }

    private static JsonObject textContent(String text) {
        return Json.createObjectBuilder().add("type", "text").add("text", text).build();
    }

    private static String entry(String keyword, String match, JsonObject... contents) {
        JsonArrayBuilder list = Json.createArrayBuilder();
        Arrays.stream(contents).forEach(list::add);
        return Json.createObjectBuilder()
                .add("keyword", keyword)
                .add("match", match)
                .add("contents", list)
                .build()
                .toString();
    }

    private static JsonObject news(int articles, String url) {
        JsonArrayBuilder list = Json.createArrayBuilder();
        for (int i = 0; i < articles; i++) {
            list.add(Json.createObjectBuilder()
                    .add("title", "标题" + i)
                    .add("description", "说明")
                    .add("picUrl", "https://example.com/" + i + ".jpg")
                    .add("url", url));
        }
        return Json.createObjectBuilder()
                .add("type", "news")
                .add("articles", list)
                .build();
    }

    private static String createAccount(Http http) throws Exception {
        String appid = TestEnv.newAppid();
        JsonObjectBuilder account = Json.createObjectBuilder()
                .add("name", "自动回复测试号")
                .add("secret", "0123456789abcdef0123456789abcdef")
                .add("token", "tokenABC123")
                .add("aesKey", "")
                .add("mode", "plain");
        HttpResponse<String> r = http.json(
                "PUT",
                "/api/admin/accounts/" + appid,
                superAdmin(),
                account.build().toString());
        assertEquals(201, r.statusCode(), r.body());
        return appid;
    }

    @Test
    @RunAsClient
    void anOperatorManagesEntriesOverHttp(@ArquillianResource URL base) throws Exception {
        Http http = new Http(base);
        String appid = createAccount(http);
        String path = "/api/admin/accounts/" + appid + "/autoreplies";

        HttpResponse<String> created =
                http.json("POST", path, superAdmin(), entry("营业厅", "contains", textContent("人民路1号")));
        assertEquals(201, created.statusCode(), created.body());
        JsonObject hall = object(created);
        long hallId = hall.getJsonNumber("id").longValue();
        assertTrue(
                created.headers().firstValue("Location").orElse("").endsWith(path + "/" + hallId),
                created.headers().toString());
        assertEquals("营业厅", hall.getString("keyword"));
        assertEquals("contains", hall.getString("match"));
        assertFalse(hall.getBoolean("hidden"));
        assertEquals("人民路1号", hall.getJsonArray("contents").getJsonObject(0).getString("text"));

        HttpResponse<String> second = http.json(
                "POST",
                path,
                superAdmin(),
                entry(
                        "WiFi😀",
                        "equals",
                        news(2, "https://example.com/wifi"),
                        Json.createObjectBuilder()
                                .add("type", "image")
                                .add("mediaId", "MEDIA_1")
                                .build()));
        assertEquals(201, second.statusCode(), second.body());
        long wifiId = object(second).getJsonNumber("id").longValue();

        JsonArray list = array(http.get(path, superAdmin()));
        assertEquals(2, list.size());
        assertEquals(hallId, list.getJsonObject(0).getJsonNumber("id").longValue());
        JsonObject wifi = list.getJsonObject(1);
        assertEquals("WiFi😀", wifi.getString("keyword"));
        assertEquals("news", wifi.getJsonArray("contents").getJsonObject(0).getString("type"));
        assertEquals(
                2,
                wifi.getJsonArray("contents")
                        .getJsonObject(0)
                        .getJsonArray("articles")
                        .size());
        assertEquals("MEDIA_1", wifi.getJsonArray("contents").getJsonObject(1).getString("mediaId"));

        HttpResponse<String> edited = http.json(
                "PUT",
                path + "/" + hallId,
                superAdmin(),
                entry("营业时间", "equals", textContent("9:00-18:00"), textContent("全年无休")));
        assertEquals(200, edited.statusCode(), edited.body());
        JsonObject one = object(http.get(path + "/" + hallId, superAdmin()));
        assertEquals("营业时间", one.getString("keyword"));
        assertEquals("equals", one.getString("match"));
        assertEquals(2, one.getJsonArray("contents").size(), "full replacement");
        assertEquals(
                404,
                http.json("PUT", path + "/999999999", superAdmin(), entry("x", "equals", textContent("y")))
                        .statusCode());

        assertTrue(object(http.send("POST", path + "/" + hallId + "/hide", superAdmin(), null, null))
                .getBoolean("hidden"));
        JsonArray afterHide = array(http.get(path, superAdmin()));
        assertEquals(2, afterHide.size(), "hidden entries stay listed");
        assertTrue(afterHide.getJsonObject(0).getBoolean("hidden"));
        assertFalse(afterHide.getJsonObject(1).getBoolean("hidden"));
        assertFalse(object(http.send("POST", path + "/" + hallId + "/show", superAdmin(), null, null))
                .getBoolean("hidden"));

        assertEquals(
                2,
                object(http.send("POST", path + "/hide-all", superAdmin(), null, null))
                        .getInt("changed"));
        assertEquals(
                0,
                object(http.send("POST", path + "/hide-all", superAdmin(), null, null))
                        .getInt("changed"));
        assertTrue(array(http.get(path, superAdmin())).stream()
                .allMatch(v -> v.asJsonObject().getBoolean("hidden")));
        assertEquals(
                2,
                object(http.send("POST", path + "/show-all", superAdmin(), null, null))
                        .getInt("changed"));

        // an entry is reachable only through its own account
        String other = createAccount(http);
        assertEquals(
                404,
                http.get("/api/admin/accounts/" + other + "/autoreplies/" + hallId, superAdmin())
                        .statusCode());
        assertEquals(
                404,
                http.send("DELETE", "/api/admin/accounts/" + other + "/autoreplies/" + hallId, superAdmin(), null, null)
                        .statusCode());

        assertEquals(
                204,
                http.send("DELETE", path + "/" + hallId, superAdmin(), null, null)
                        .statusCode());
        assertEquals(404, http.get(path + "/" + hallId, superAdmin()).statusCode());
        assertEquals(
                404,
                http.send("DELETE", path + "/" + hallId, superAdmin(), null, null)
                        .statusCode());
        assertEquals(1, array(http.get(path, superAdmin())).size());
        assertEquals(
                wifiId,
                array(http.get(path, superAdmin()))
                        .getJsonObject(0)
                        .getJsonNumber("id")
                        .longValue());
    }

    @Test
    @RunAsClient
    void badInputIs400NamingTheFieldAndStoresNothing(@ArquillianResource URL base) throws Exception {
        Http http = new Http(base);
        String appid = createAccount(http);
        String path = "/api/admin/accounts/" + appid + "/autoreplies";
        JsonObject ok = textContent("ok");
        Object[][] cases = {
            {entry("", "contains", ok), "keyword must not be empty"},
            {entry("营".repeat(61), "contains", ok), "keyword must be at most 60 characters"},
            {entry("a", "fuzzy", ok), "match must be contains or equals"},
            {"{\"keyword\":\"a\",\"contents\":[{\"type\":\"text\",\"text\":\"x\"}]}", "match is required"},
            {"{\"keyword\":\"a\",\"match\":\"equals\"}", "contents is required"},
            {"{\"match\":\"equals\",\"contents\":[{\"type\":\"text\",\"text\":\"x\"}]}", "keyword is required"},
            {
                entry(
                        "a",
                        "contains",
                        Json.createObjectBuilder().add("type", "voice").build()),
                "contents[0].type"
            },
            {entry("a", "contains", ok, news(0, "https://e.com")), "contents[1].articles must have 1 to 10"},
            {entry("a", "contains", news(11, "https://e.com")), "contents[0].articles must have 1 to 10"},
            {entry("a", "contains", textContent("话".repeat(2049))), "contents[0].text must be at most 2048"},
            {
                entry(
                        "a",
                        "contains",
                        Json.createObjectBuilder().add("type", "text").build()),
                "contents[0].text is required"
            },
            {entry("a", "contains", news(1, "javascript:alert(1)")), "contents[0].articles[0].url must be an http"},
            {
                entry(
                        "a",
                        "contains",
                        Json.createObjectBuilder().add("type", "image").build()),
                "contents[0].mediaId"
            },
        };
        for (Object[] c : cases) {
            HttpResponse<String> r = http.json("POST", path, superAdmin(), (String) c[0]);
            assertEquals(400, r.statusCode(), c[1] + ": " + r.body());
            String error = object(r).getString("error");
            assertTrue(error.contains((String) c[1]), "expected '" + c[1] + "' in: " + error);
            assertFalse(r.body().contains("Exception"), r.body());
        }
        assertEquals(400, http.json("POST", path, superAdmin(), "{broken").statusCode());
        assertEquals(400, http.json("POST", path, superAdmin(), "").statusCode());
        assertEquals(0, array(http.get(path, superAdmin())).size(), "nothing half-created");

        HttpResponse<String> created = http.json("POST", path, superAdmin(), entry("a", "contains", ok));
        long id = object(created).getJsonNumber("id").longValue();
        HttpResponse<String> badEdit =
                http.json("PUT", path + "/" + id, superAdmin(), entry("a", "contains", news(1, "ftp://x")));
        assertEquals(400, badEdit.statusCode());
        assertEquals(
                "ok",
                object(http.get(path + "/" + id, superAdmin()))
                        .getJsonArray("contents")
                        .getJsonObject(0)
                        .getString("text"),
                "a refused edit changes nothing");

        HttpResponse<String> badWelcome = http.json(
                "PUT",
                "/api/admin/accounts/" + appid + "/welcome",
                superAdmin(),
                "{\"contents\":[{\"type\":\"news\",\"articles\":[]}]}");
        assertEquals(400, badWelcome.statusCode());
        assertTrue(object(badWelcome).getString("error").contains("contents[0].articles"), badWelcome.body());
        HttpResponse<String> longHint = http.json(
                "PUT",
                "/api/admin/accounts/" + appid + "/miss-hint",
                superAdmin(),
                Json.createObjectBuilder().add("text", "字".repeat(2049)).build().toString());
        assertEquals(400, longHint.statusCode());
        assertTrue(object(longHint).getString("error").startsWith("text "), longHint.body());
    }

    @Test
    @RunAsClient
    void adminsReadSuperAdminsWriteAndUnknownAccountsAre404(@ArquillianResource URL base) throws Exception {
        Http http = new Http(base);
        String appid = createAccount(http);
        String path = "/api/admin/accounts/" + appid + "/autoreplies";
        long id = object(http.json("POST", path, superAdmin(), entry("话费", "contains", textContent("回复1查询"))))
                .getJsonNumber("id")
                .longValue();

        String adminUser = "reader" + Long.toHexString(System.nanoTime());
        assertEquals(
                201,
                http.json(
                                "PUT",
                                "/api/admin/users/" + adminUser,
                                superAdmin(),
                                "{\"password\":\"read-only-pass\",\"role\":\"ADMIN\"}")
                        .statusCode());
        String admin = Http.basic(adminUser, "read-only-pass");
        assertEquals(200, http.get(path, admin).statusCode());
        assertEquals(200, http.get(path + "/" + id, admin).statusCode());
        assertEquals(
                200,
                http.get("/api/admin/accounts/" + appid + "/welcome", admin).statusCode());
        assertEquals(
                200,
                http.get("/api/admin/accounts/" + appid + "/miss-hint", admin).statusCode());
        assertEquals(
                403,
                http.json("POST", path, admin, entry("x", "equals", textContent("y")))
                        .statusCode());
        assertEquals(
                403,
                http.json("PUT", path + "/" + id, admin, entry("x", "equals", textContent("y")))
                        .statusCode());
        assertEquals(
                403, http.send("DELETE", path + "/" + id, admin, null, null).statusCode());
        assertEquals(
                403,
                http.send("POST", path + "/" + id + "/hide", admin, null, null).statusCode());
        assertEquals(
                403, http.send("POST", path + "/hide-all", admin, null, null).statusCode());
        assertEquals(
                403,
                http.json("PUT", "/api/admin/accounts/" + appid + "/welcome", admin, "{\"contents\":[]}")
                        .statusCode());
        assertEquals(
                403,
                http.json("PUT", "/api/admin/accounts/" + appid + "/miss-hint", admin, "{\"text\":\"x\"}")
                        .statusCode());
        JsonObject unchanged = object(http.get(path + "/" + id, admin));
        assertEquals("话费", unchanged.getString("keyword"));
        assertFalse(unchanged.getBoolean("hidden"));
        assertEquals(401, http.get(path, null).statusCode());

        String unknown = TestEnv.newAppid();
        String unknownPath = "/api/admin/accounts/" + unknown + "/autoreplies";
        HttpResponse<String> missing = http.get(unknownPath, superAdmin());
        assertEquals(404, missing.statusCode());
        assertTrue(object(missing).getString("error").contains(unknown), missing.body());
        assertEquals(
                404,
                http.json("POST", unknownPath, superAdmin(), entry("x", "equals", textContent("y")))
                        .statusCode());
        assertEquals(
                404,
                http.send("POST", unknownPath + "/hide-all", superAdmin(), null, null)
                        .statusCode());
        assertEquals(
                404,
                http.get("/api/admin/accounts/" + unknown + "/welcome", superAdmin())
                        .statusCode());
        assertEquals(
                404,
                http.get("/api/admin/accounts/" + unknown + "/miss-hint", superAdmin())
                        .statusCode());

        assertEquals(
                204,
                http.send("DELETE", "/api/admin/users/" + adminUser, superAdmin(), null, null)
                        .statusCode());
    }

    @Test
    @RunAsClient
    void anOperatorSetsTheWelcomeAndTheMissHint(@ArquillianResource URL base) throws Exception {
        Http http = new Http(base);
        String appid = createAccount(http);
        String welcome = "/api/admin/accounts/" + appid + "/welcome";
        String hint = "/api/admin/accounts/" + appid + "/miss-hint";

        assertEquals(
                0,
                object(http.get(welcome, superAdmin())).getJsonArray("contents").size());
        String body = Json.createObjectBuilder()
                .add(
                        "contents",
                        Json.createArrayBuilder()
                                .add(news(1, "https://example.com/bind"))
                                .add(textContent("欢迎😀")))
                .build()
                .toString();
        HttpResponse<String> set = http.json("PUT", welcome, superAdmin(), body);
        assertEquals(200, set.statusCode(), set.body());
        JsonArray contents = object(http.get(welcome, superAdmin())).getJsonArray("contents");
        assertEquals(2, contents.size());
        assertEquals(
                "https://example.com/bind",
                contents.getJsonObject(0)
                        .getJsonArray("articles")
                        .getJsonObject(0)
                        .getString("url"));
        assertEquals("欢迎😀", contents.getJsonObject(1).getString("text"));
        assertEquals(
                0,
                array(http.get("/api/admin/accounts/" + appid + "/autoreplies", superAdmin()))
                        .size(),
                "the welcome message is not a keyword entry");
        assertEquals(
                200,
                http.json("PUT", welcome, superAdmin(), "{\"contents\":[]}").statusCode());
        assertEquals(
                0,
                object(http.get(welcome, superAdmin())).getJsonArray("contents").size());
        assertEquals(400, http.json("PUT", welcome, superAdmin(), "{}").statusCode());

        JsonObject standard = object(http.get(hint, superAdmin()));
        assertFalse(standard.getBoolean("custom"));
        assertEquals(AutoReplyService.DEFAULT_MISS_HINT, standard.getString("text"));
        JsonObject custom = object(http.json("PUT", hint, superAdmin(), "{\"text\":\"请回复「人工」\"}"));
        assertTrue(custom.getBoolean("custom"));
        assertEquals("请回复「人工」", object(http.get(hint, superAdmin())).getString("text"));
        JsonObject reset = object(http.json("PUT", hint, superAdmin(), "{\"text\":null}"));
        assertFalse(reset.getBoolean("custom"));
        assertEquals(AutoReplyService.DEFAULT_MISS_HINT, reset.getString("text"));
    }
}
