package org.wxplatform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wxplatform.it.BusinessSupport.data;
import static org.wxplatform.it.BusinessSupport.mask;
import static org.wxplatform.it.BusinessSupport.yuan;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.wxplatform.sandbox.wechat.Delivery;

/**
 * Business queries of a bound subscriber (SPEC §3.2, §3.4) checked against the carrier simulator's own
 * data: bills, data usage, package remaining and points; the cache; a carrier slower than the inline budget
 * answered at once and later by a customer-service message; a carrier that is down.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class BusinessQueryIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.product();
    }

    @ArquillianResource
    URL base;

    @AfterEach
    void carrierBackToNormal() throws Exception {
        new BusinessSupport(base).carrier("{\"queryLatencyMs\":50,\"down\":false}");
    }

    @Test
    void everyQueryAnswersWhatTheCarrierHas() throws Exception {
        BusinessSupport biz = new BusinessSupport(base);
        String user = BusinessSupport.openid("oQuery");
        String phone = BusinessSupport.phone();
        biz.bind(user, phone);
        JsonObject sim = biz.subscriber(phone);
        String masked = mask(phone);

        String today = biz.say(user, "1.1.1");
        JsonObject todayBill = sim.getJsonObject("todayBill");
        assertTrue(today.startsWith("【今日账单】" + masked + "\n"), today);
        assertTrue(
                today.contains(
                        "消费合计：" + yuan(todayBill.getJsonNumber("totalFen").longValue())),
                today);
        for (JsonValue v : todayBill.getJsonArray("items")) {
            JsonObject item = v.asJsonObject();
            assertTrue(
                    today.contains("· " + item.getString("name") + " "
                            + yuan(item.getJsonNumber("amountFen").longValue())),
                    today + " lists " + item);
        }

        String month = biz.click(user, "QUERY_BILL_MONTH").content();
        JsonObject monthBill = sim.getJsonObject("monthBill");
        assertFalse(monthBill.getJsonArray("items").isEmpty(), "the simulator bills at least the plan's fee");
        assertTrue(
                month.contains(
                        "本月消费：" + yuan(monthBill.getJsonNumber("totalFen").longValue())),
                month);
        assertTrue(month.contains("账户余额：" + yuan(sim.getJsonNumber("balanceFen").longValue())), month);
        for (JsonValue v : monthBill.getJsonArray("items")) {
            JsonObject item = v.asJsonObject();
            assertTrue(
                    month.contains("· " + item.getString("name") + " "
                            + yuan(item.getJsonNumber("amountFen").longValue())),
                    month + " lists " + item);
        }

        String usage = biz.say(user, "流量");
        JsonObject dataAllowance = sim.getJsonObject("allowances").getJsonObject("data");
        assertTrue(
                usage.contains("总量：" + data(kb(dataAllowance, "total")) + "，已用：" + data(kb(dataAllowance, "used"))
                        + "，剩余：" + data(kb(dataAllowance, "remaining"))),
                usage + " vs " + dataAllowance);
        for (JsonValue v : sim.getJsonArray("dataPackages")) {
            JsonObject p = v.asJsonObject();
            assertTrue(
                    usage.contains("· " + p.getString("name") + "：已用" + data(kb(p, "used")) + "/共"
                            + data(kb(p, "total")) + "，剩余" + data(kb(p, "remaining"))),
                    usage + " lists " + p);
        }

        String remaining = biz.say(user, "1.3");
        JsonObject a = sim.getJsonObject("allowances");
        assertTrue(remaining.contains("短信：剩余" + kb(a.getJsonObject("sms"), "remaining") + "条"), remaining);
        assertTrue(remaining.contains("语音：剩余" + kb(a.getJsonObject("voice"), "remaining") + "分钟"), remaining);
        assertTrue(remaining.contains("流量：剩余" + data(kb(a.getJsonObject("data"), "remaining"))), remaining);
        assertTrue(remaining.contains("（共" + data(kb(a.getJsonObject("data"), "total"))), remaining);

        String points = biz.say(user, "积分");
        JsonObject p = sim.getJsonObject("points");
        assertTrue(
                points.startsWith("【积分】" + masked + "\n可用积分："
                        + p.getJsonNumber("available").longValue()),
                points);
        if (p.getJsonArray("history").isEmpty()) {
            assertTrue(points.endsWith("暂无兑换记录。"), points);
        }
        for (JsonValue v : p.getJsonArray("history")) {
            JsonObject e = v.asJsonObject();
            assertTrue(
                    points.contains("· " + e.getString("date") + " " + e.getString("item") + " "
                            + e.getJsonNumber("points").longValue() + "积分"),
                    points + " lists " + e);
        }

        String branch = biz.say(user, "1");
        assertTrue(branch.startsWith("【业务查询】\n1.1 账单查询\n1.2 流量查询\n1.3 套餐余量\n1.4 积分查询"), branch);
    }

    @Test
    void aSlowCarrierIsAnsweredAtOnceAndTheResultFollowsAsAKfMessage() throws Exception {
        BusinessSupport biz = new BusinessSupport(base);
        String user = BusinessSupport.openid("oSlow");
        String phone = BusinessSupport.phone();
        biz.bind(user, phone);
        String cachedBefore = biz.say(user, "1.3"); // answered inline and cached

        biz.carrier("{\"queryLatencyMs\":2000}");
        long asked = System.nanoTime();
        Delivery d = biz.send(user, "积分");
        assertEquals("正在为您查询积分，结果稍后发送给您。", d.content());
        assertTrue(
                d.latency().toMillis() < 1000,
                "the callback answered in " + d.latency().toMillis() + " ms");

        Delivery cached = biz.click(user, "QUERY_PACKAGE");
        assertEquals(cachedBefore, cached.content(), "a cached answer needs no carrier");
        assertTrue(
                cached.latency().toMillis() < 500,
                "from the cache in " + cached.latency().toMillis() + " ms");

        List<String> kf = biz.awaitKfTexts(user, 1, Duration.ofSeconds(20));
        assertEquals(1, kf.size(), "the answer arrived as one customer-service message: " + kf);
        System.out.printf(
                "slow carrier (2 s): callback answered in %d ms, kf answer within %d ms%n",
                d.latency().toMillis(),
                Duration.ofNanos(System.nanoTime() - asked).toMillis());
        long available = biz.subscriber(phone)
                .getJsonObject("points")
                .getJsonNumber("available")
                .longValue();
        assertTrue(kf.get(0).startsWith("【积分】" + mask(phone) + "\n可用积分：" + available), kf.get(0));
    }

    @Test
    void aCarrierThatIsDownIsSaidPlainly() throws Exception {
        BusinessSupport biz = new BusinessSupport(base);
        String user = BusinessSupport.openid("oDown");
        String phone = BusinessSupport.phone();
        biz.bind(user, phone);
        biz.carrier("{\"down\":true}");
        Delivery d = biz.send(user, "今日账单");
        assertEquals("暂时无法查询今日账单：业务系统暂时无法访问，请稍后再试。", d.content());
        assertTrue(d.latency().toMillis() < 1000, "answered in " + d.latency().toMillis() + " ms");
        assertEquals("业务系统繁忙，暂时无法绑定，请稍后再试。", bindAnother(biz));
    }

    private static String bindAnother(BusinessSupport biz) {
        String other = BusinessSupport.openid("oDown2");
        biz.say(other, "绑定");
        return biz.say(other, BusinessSupport.phone());
    }

    private static long kb(JsonObject o, String name) {
        return o.getJsonNumber(name).longValue();
    }
}
