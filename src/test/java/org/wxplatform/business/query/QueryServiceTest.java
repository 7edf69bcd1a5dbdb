package org.wxplatform.business.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wxplatform.business.FakeCarrier;
import org.wxplatform.message.xml.InboundMessage;
import org.wxplatform.message.xml.TextReply;

class QueryServiceTest {

    static final String APP = "wx0000000000000001";
    final FakeCarrier carrier = new FakeCarrier();

    private static InboundMessage.Text text(String content) {
        return new InboundMessage.Text("gh", "o1", System.currentTimeMillis() / 1000, "77", content);
    }

    private static String content(Object reply) {
        return ((TextReply) reply).content();
    }

    @Test
    void aQuickCarrierIsAnsweredInlineAndCached() {
        QueryFixtures f = new QueryFixtures(carrier, 800);
        String first = content(f.service.answer(APP, text("积分"), "13800138001", QueryKind.POINTS));
        assertTrue(first.startsWith("【积分】138****8001\n可用积分：1280"), first);
        assertEquals(first, content(f.service.answer(APP, text("积分"), "13800138001", QueryKind.POINTS)));
        assertEquals(1, carrier.queries.get(), "the second answer came from the cache");
        assertEquals(List.of(), f.deferred);
    }

    @Test
    void aSlowCarrierIsDeferredAndTheLateAnswerFillsTheCache() throws Exception {
        QueryFixtures f = new QueryFixtures(carrier, 200);
        carrier.latencyMillis = 600;
        long start = System.nanoTime();
        String ack = content(f.service.answer(APP, text("流量"), "13800138001", QueryKind.DATA_USAGE));
        long took = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertEquals("正在为您查询流量使用，结果稍后发送给您。", ack);
        assertTrue(took < 500, "answered within the budget, took " + took + " ms");
        assertEquals(List.of(new QueryFixtures.Deferred(APP, "77", "13800138001", QueryKind.DATA_USAGE)), f.deferred);
        Thread.sleep(800);
        assertTrue(f.cache.containsKey("DATA_USAGE:13800138001"), "the late answer was cached");
        assertTrue(f.service.answerNow("13800138001", QueryKind.DATA_USAGE).startsWith("【本月流量】"));
        assertEquals(1, carrier.queries.get());
    }

    @Test
    void failuresAreSaidPlainlyAndNotCached() {
        QueryFixtures f = new QueryFixtures(carrier, 800);
        assertEquals(
                "号码 138****0000 不是本网用户，无法查询今日账单。",
                content(f.service.answer(APP, text("今日账单"), "13800000000", QueryKind.BILL_DAILY)));
        carrier.down = true;
        assertEquals(
                "暂时无法查询本月账单：业务系统暂时无法访问，请稍后再试。",
                content(f.service.answer(APP, text("月账单"), "13800138001", QueryKind.BILL_MONTHLY)));
        assertEquals("暂时无法查询套餐余量：业务系统暂时无法访问，请稍后再试。", f.service.answerNow("13800138001", QueryKind.PACKAGE_REMAINING));
        assertTrue(f.cache.isEmpty());
    }
}
