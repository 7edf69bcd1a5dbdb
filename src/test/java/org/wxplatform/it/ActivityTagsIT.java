package org.wxplatform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
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
import org.wxplatform.sandbox.wechat.api.SimulatedUsers;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;

/**
 * Activities for the subscribers carrying a WeChat user tag (SPEC §5.1 "audience: all / bound / by tag"),
 * against the sandbox's user-tag API: the sandbox answers WeChat's JSON and errcodes; the admin lists the
 * account's tags from WeChat and refuses a TAG activity without a tag or with one WeChat does not have; a
 * tagged subscriber draws, an untagged one is refused and not recorded, a tag taken off counts once the
 * short-lived answer is gone; while WeChat cannot be reached nobody is let in and nobody is recorded or
 * remembered as outside the audience.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ActivityTagsIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.product();
    }

    @ArquillianResource
    URL base;

    private static final String SUPER = Http.basic(TestEnv.ADMIN, TestEnv.adminPassword());

    /** WeChat's user-tag API of the sandbox, called as WeChat's own clients call it. */
    static final class Tags {
        final Http http;
        final String token;

        Tags(Http http, String appid) throws Exception {
            this.http = http;
            HttpResponse<String> t = http.get(
                    "/sandbox/wechat/api/cgi-bin/token?grant_type=client_credential&appid=" + appid + "&secret="
                            + BusinessSupport.SECRET,
                    null);
            assertEquals(200, t.statusCode(), t.body());
            this.token = ActivitiesIT.json(t.body()).getString("access_token");
        }

        JsonObject post(String path, String body) throws Exception {
            HttpResponse<String> r =
                    http.json("POST", "/sandbox/wechat/api" + path + "?access_token=" + token, null, body);
            assertEquals(200, r.statusCode(), path + ": " + r.body());
            return ActivitiesIT.json(r.body());
        }

        JsonObject get(String path, String query) throws Exception {
            HttpResponse<String> r = http.get("/sandbox/wechat/api" + path + "?access_token=" + token + query, null);
            assertEquals(200, r.statusCode(), path + ": " + r.body());
            return ActivitiesIT.json(r.body());
        }

        long create(String name) throws Exception {
            JsonObject o = post("/cgi-bin/tags/create", "{\"tag\":{\"name\":\"" + name + "\"}}");
            assertEquals(name, o.getJsonObject("tag").getString("name"), o.toString());
            return o.getJsonObject("tag").getJsonNumber("id").longValue();
        }

        int tag(long tagId, String... openids) throws Exception {
            return errcode(post("/cgi-bin/tags/members/batchtagging", batch(tagId, openids)));
        }

        int untag(long tagId, String... openids) throws Exception {
            return errcode(post("/cgi-bin/tags/members/batchuntagging", batch(tagId, openids)));
        }

        List<Long> of(String openid) throws Exception {
            JsonObject o = post("/cgi-bin/tags/getidlist", "{\"openid\":\"" + openid + "\"}");
            assertTrue(o.containsKey("tagid_list"), o.toString());
            return o.getJsonArray("tagid_list").getValuesAs(jakarta.json.JsonNumber.class).stream()
                    .map(jakarta.json.JsonNumber::longValue)
                    .toList();
        }

        static String batch(long tagId, String... openids) {
            var list = jakarta.json.Json.createArrayBuilder();
            for (String o : openids) {
                list.add(o);
            }
            return jakarta.json.Json.createObjectBuilder()
                    .add("openid_list", list)
                    .add("tagid", tagId)
                    .build()
                    .toString();
        }
    }

    static int errcode(JsonObject o) {
        return o.containsKey("errcode") ? o.getInt("errcode") : 0;
    }

    @Test
    void theSandboxAnswersWeChatsUserTagApiWithWeChatsErrcodes() throws Exception {
        BusinessSupport biz = new BusinessSupport(base);
        Tags tags = new Tags(biz.http, biz.appid);
        String a = BusinessSupport.openid("oTagApi");
        String b = BusinessSupport.openid("oTagApi");

        JsonObject listed = tags.get("/cgi-bin/tags/get", "");
        assertEquals(
                "[{\"id\":2,\"name\":\"星标组\",\"count\":0}]",
                listed.getJsonArray("tags").toString(),
                "WeChat's own tag is there from the start");
        long vip = tags.create("高价值客户");
        assertTrue(vip >= 100, "an account's tags are numbered from 100: " + vip);
        assertEquals(45157, errcode(tags.post("/cgi-bin/tags/create", "{\"tag\":{\"name\":\"高价值客户\"}}")), "taken");
        assertEquals(
                45158, errcode(tags.post("/cgi-bin/tags/create", "{\"tag\":{\"name\":\"一二三四五六七八九十1\"}}")), "31 bytes");
        assertEquals(45157, errcode(tags.post("/cgi-bin/tags/create", "{\"tag\":{\"name\":\"\"}}")));
        assertEquals(47001, errcode(tags.post("/cgi-bin/tags/create", "not json")));
        HttpResponse<String> wrongMethod =
                biz.http.get("/sandbox/wechat/api/cgi-bin/tags/create?access_token=" + tags.token, null);
        assertEquals(43002, errcode(ActivitiesIT.json(wrongMethod.body())), "tags/create wants POST");

        assertEquals(0, tags.tag(vip, a, b));
        assertEquals(0, tags.tag(2, a));
        assertEquals(List.of(2L, vip), tags.of(a));
        assertEquals(List.of(vip), tags.of(b));
        JsonObject info = tags.get("/cgi-bin/user/info", "&openid=" + a + "&lang=zh_CN");
        assertEquals("[2," + vip + "]", info.getJsonArray("tagid_list").toString(), "user info carries the real tags");
        JsonObject counted = tags.get("/cgi-bin/tags/get", "").getJsonArray("tags").stream()
                .map(JsonValue::asJsonObject)
                .filter(t -> t.getJsonNumber("id").longValue() == vip)
                .findFirst()
                .orElseThrow();
        assertEquals(2, counted.getInt("count"));
        assertEquals(0, tags.untag(vip, b));
        assertEquals(List.of(), tags.of(b));

        // bad input, each with WeChat's errcode, and nothing changed
        assertEquals(45159, tags.tag(999_999, a), "no such tag");
        assertEquals(45159, tags.untag(999_999, a));
        assertEquals(
                40032,
                errcode(tags.post("/cgi-bin/tags/members/batchtagging", "{\"openid_list\":[],\"tagid\":" + vip + "}")));
        String[] fiftyOne = new String[51];
        for (int i = 0; i < fiftyOne.length; i++) {
            fiftyOne[i] = "oMany" + i;
        }
        assertEquals(40032, tags.tag(vip, fiftyOne));
        assertEquals(40003, tags.tag(vip, "not an openid!"));
        String foreign = SimulatedUsers.openId(TestEnv.newAppid(), 0);
        assertEquals(49003, tags.tag(vip, foreign), "another account's openid");
        assertEquals(49003, errcode(tags.post("/cgi-bin/tags/getidlist", "{\"openid\":\"" + foreign + "\"}")));
        assertEquals(40003, errcode(tags.post("/cgi-bin/tags/getidlist", "{\"openid\":\"a b\"}")));
        assertEquals(List.of(2L, vip), tags.of(a));

        // 20 tags on one follower at most: the 21st is refused for the whole batch
        for (int i = 0; i < 18; i++) {
            assertEquals(0, tags.tag(tags.create("组" + i), a));
        }
        assertEquals(20, tags.of(a).size());
        long one = tags.create("第二十一个");
        assertEquals(45059, tags.tag(one, b, a));
        assertEquals(List.of(), tags.of(b), "all or none");
    }

    @Test
    void aTagAudienceLetsInTheTaggedAndOnlyWhileTheyCarryTheTag() throws Exception {
        BusinessSupport biz = new BusinessSupport(base);
        Http http = biz.http;
        String appid = biz.appid;
        String path = "/api/admin/accounts/" + appid + "/activities";
        Tags tags = new Tags(http, appid);
        long vip = tags.create("抽奖专享");
        String a = BusinessSupport.openid("oTagA");
        String b = BusinessSupport.openid("oTagB");
        assertEquals(0, tags.tag(vip, a));

        // the account's tags, read from WeChat
        HttpResponse<String> listed = http.get(path + "/tags", SUPER);
        assertEquals(200, listed.statusCode(), listed.body());
        JsonObject mine = ActivitiesIT.json(listed.body()).getJsonArray("tags").stream()
                .map(JsonValue::asJsonObject)
                .filter(t -> t.getJsonNumber("id").longValue() == vip)
                .findFirst()
                .orElseThrow();
        assertEquals("抽奖专享", mine.getString("name"));
        assertEquals(1, mine.getInt("count"));

        // a TAG audience needs one of those tags; the others take none
        int before = ActivitiesIT.json(http.get(path, SUPER).body())
                .getJsonArray("rows")
                .size();
        String tagged = input("TAG", vip);
        for (String[] bad : new String[][] {
            {input("TAG", null), "tagId: a TAG audience needs"},
            {input("TAG", 999_999L), "tagId: the account has no WeChat tag 999999"},
            {input("ALL", vip), "tagId: only for the audience TAG"},
        }) {
            HttpResponse<String> r = http.json("POST", path, SUPER, bad[0]);
            assertEquals(400, r.statusCode(), bad[0] + " -> " + r.body());
            assertTrue(ActivitiesIT.json(r.body()).getString("error").startsWith(bad[1]), r.body());
        }
        assertEquals(
                before,
                ActivitiesIT.json(http.get(path, SUPER).body())
                        .getJsonArray("rows")
                        .size(),
                "nothing stored");

        HttpResponse<String> created = http.json("POST", path, SUPER, tagged);
        assertEquals(201, created.statusCode(), created.body());
        JsonObject activity = ActivitiesIT.json(created.body());
        assertEquals("TAG", activity.getString("audience"));
        assertEquals(vip, activity.getJsonNumber("tagId").longValue());
        assertEquals("抽奖专享", activity.getString("tagName"), "the name as WeChat has it");
        long id = activity.getJsonNumber("id").longValue();
        JsonObject preview =
                ActivitiesIT.json(http.get(path + "/" + id + "/preview", SUPER).body());
        assertEquals("抽奖专享", preview.getJsonObject("audience").getString("tagName"));
        assertFalse(preview.getJsonObject("activity").toString().contains("抽奖专享"), "not in the subscriber's view");
        assertEquals(
                200,
                http.json("POST", path + "/" + id + "/publish", SUPER, "{}").statusCode());
        String page = "/h5/activity?appid=" + appid + "&id=" + id;
        String view = "/h5/activity/api/view?appid=" + appid + "&id=" + id;
        String draw = "/h5/activity/api/draw?appid=" + appid + "&id=" + id;

        // A carries the tag: in, draws
        H5Client phoneA = new H5Client(base);
        phoneA.open(page, a, false);
        assertTrue(phoneA.getJson(view, 200).getJsonObject("me").getBoolean("inAudience"));
        JsonObject drawn = ActivitiesIT.json(phoneA.post(draw, "{}").body());
        assertEquals("DRAWN", drawn.getString("result"), drawn.toString());
        assertTrue(drawn.getBoolean("fresh"));

        // B does not: refused, told why (no bind link, no tag name), not recorded
        H5Client phoneB = new H5Client(base);
        phoneB.open(page, b, false);
        JsonObject meB = phoneB.getJson(view, 200).getJsonObject("me");
        assertFalse(meB.getBoolean("inAudience"));
        assertFalse(meB.getBoolean("bindFirst"));
        assertEquals("本活动仅面向部分用户，您暂不在本次活动的参与范围内，感谢关注。", meB.getString("message"));
        JsonObject refused = ActivitiesIT.json(phoneB.post(draw, "{}").body());
        assertEquals("NOT_IN_AUDIENCE", refused.getString("result"));
        assertFalse(refused.getBoolean("ok"));
        assertEquals(1, records(http, appid, id).size(), "only A's draw is a record");

        // the tag is taken off A at WeChat: the kept answer (a minute at most) holds, then A is refused
        assertEquals(0, tags.untag(vip, a));
        assertEquals("DRAWN", ActivitiesIT.json(phoneA.post(draw, "{}").body()).getString("result"), "kept answer");
        forgetTags(appid, a);
        JsonObject after = ActivitiesIT.json(phoneA.post(draw, "{}").body());
        assertEquals("NOT_IN_AUDIENCE", after.getString("result"), after.toString());
        assertFalse(phoneA.getJson(view, 200).getJsonObject("me").getBoolean("inAudience"));
        // and B, tagged now, is let in once B's kept answer is gone
        assertEquals(0, tags.tag(vip, b));
        forgetTags(appid, b);
        assertEquals("DRAWN", ActivitiesIT.json(phoneB.post(draw, "{}").body()).getString("result"));
        assertEquals(2, records(http, appid, id).size());
    }

    @Test
    void whileWeChatCannotBeReachedNobodyIsLetInNorRecordedAsOut() throws Exception {
        BusinessSupport biz = new BusinessSupport(base);
        Http http = biz.http;
        String appid = biz.appid;
        String path = "/api/admin/accounts/" + appid + "/activities";
        Tags tags = new Tags(http, appid);
        long vip = tags.create("内测用户");
        String c = BusinessSupport.openid("oTagC");
        String d = BusinessSupport.openid("oTagD");
        assertEquals(0, tags.tag(vip, c));
        HttpResponse<String> created = http.json("POST", path, SUPER, input("TAG", vip));
        assertEquals(201, created.statusCode(), created.body());
        long id = ActivitiesIT.json(created.body()).getJsonNumber("id").longValue();
        assertEquals(
                200,
                http.json("POST", path + "/" + id + "/publish", SUPER, "{}").statusCode());
        String page = "/h5/activity?appid=" + appid + "&id=" + id;
        String view = "/h5/activity/api/view?appid=" + appid + "&id=" + id;
        String draw = "/h5/activity/api/draw?appid=" + appid + "&id=" + id;
        H5Client phoneC = new H5Client(base);
        phoneC.open(page, c, false);
        H5Client phoneD = new H5Client(base);
        phoneD.open(page, d, false);

        // WeChat answers every call with an HTTP 503 now
        configure(http, appid, "{\"failure5xxRate\":1.0}");
        try {
            for (H5Client phone : List.of(phoneC, phoneD)) {
                JsonObject me = phone.getJson(view, 200).getJsonObject("me");
                assertFalse(me.getBoolean("inAudience"));
                assertTrue(me.getBoolean("audienceUnknown"));
                assertEquals("暂时无法确认您的参与资格，请稍后再试。", me.getString("message"));
                HttpResponse<String> r = phone.post(draw, "{}");
                assertEquals(503, r.statusCode(), r.body());
                assertEquals("TRY_LATER", ActivitiesIT.json(r.body()).getString("result"));
            }
            assertEquals(0, records(http, appid, id).size(), "nothing recorded");
            assertEquals(502, http.get(path + "/tags", SUPER).statusCode(), "the admin is told WeChat is away");
            HttpResponse<String> notNow = http.json("POST", path, SUPER, input("TAG", vip));
            assertEquals(502, notNow.statusCode(), notNow.body());
        } finally {
            configure(http, appid, "{\"failure5xxRate\":0}");
        }
        // WeChat is back: what it says now decides, nothing of the outage was kept
        assertEquals("DRAWN", ActivitiesIT.json(phoneC.post(draw, "{}").body()).getString("result"));
        assertEquals(
                "NOT_IN_AUDIENCE",
                ActivitiesIT.json(phoneD.post(draw, "{}").body()).getString("result"));
        assertEquals(1, records(http, appid, id).size());
    }

    static String input(String audience, Long tagId) {
        String body = ActivitiesIT.input(
                "标签专享抽奖", "LOTTERY", audience, null, "[{\"name\":\"1GB流量\",\"stock\":5,\"chanceBp\":0}]");
        return tagId == null ? body : body.replaceFirst("\\{", "{\"tagId\":" + tagId + ",");
    }

    static List<JsonObject> records(Http http, String appid, long id) throws Exception {
        HttpResponse<String> r = http.get("/api/admin/accounts/" + appid + "/activities/" + id + "/records", SUPER);
        assertEquals(200, r.statusCode(), r.body());
        return ActivitiesIT.json(r.body()).getJsonArray("rows").stream()
                .map(JsonValue::asJsonObject)
                .toList();
    }

    /** Clears what the product keeps of the subscriber's tags (the shared Redis of the test server). */
    static void forgetTags(String appid, String openid) {
        String redis = System.getenv("WXP_REDIS_URL");
        assertNotNull(redis, "WXP_REDIS_URL (set by scripts/test) names the test server's Redis");
        try (JedisPool pool = new JedisPool(URI.create(redis));
                Jedis jedis = pool.getResource()) {
            jedis.del("wxp:activity:tags:" + appid + ":" + openid);
        }
    }

    static void configure(Http http, String appid, String patch) throws Exception {
        HttpResponse<String> r = http.json("PUT", "/sandbox/wechat/control/" + appid + "/config", null, patch);
        assertEquals(200, r.statusCode(), r.body());
    }
}
