package org.wxplatform.business.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wxplatform.business.FakeCarrier;
import org.wxplatform.business.carrier.BillItem;
import org.wxplatform.business.carrier.DailyBill;
import org.wxplatform.business.carrier.MonthlyBill;
import org.wxplatform.business.carrier.Points;

class QueryTextsTest {

    final FakeCarrier carrier = new FakeCarrier();

    @Test
    void amountsAndDataAreReadable() {
        assertEquals("0.00元", QueryTexts.yuan(0));
        assertEquals("0.05元", QueryTexts.yuan(5));
        assertEquals("123.45元", QueryTexts.yuan(12345));
        assertEquals("-10.50元", QueryTexts.yuan(-1050));
        assertEquals("0.50MB", QueryTexts.data(512));
        assertEquals("1023.00MB", QueryTexts.data(1023 * 1024));
        assertEquals("1.00GB", QueryTexts.data(1024 * 1024));
        assertEquals("1.50GB", QueryTexts.data(1_572_864));
        assertEquals("45分钟", QueryTexts.minutes(45));
        assertEquals("10小时", QueryTexts.minutes(600));
        assertEquals("1小时30分钟", QueryTexts.minutes(90));
    }

    @Test
    void billsListTheirItems() throws Exception {
        assertEquals(
                "【今日账单】138****8001\n2024年5月6日 消费合计：3.50元\n明细：\n· 国内通话 1.20元\n· 短信 2.30元",
                QueryTexts.daily(carrier.dailyBill("13800138001", LocalDate.of(2024, 5, 6))));
        assertEquals(
                "【2024年5月账单】138****8001\n本月消费：65.12元\n账户余额：200.00元\n明细：\n· 套餐月费 58.00元\n· 超出流量 7.12元",
                QueryTexts.monthly(carrier.monthlyBill("13800138001", YearMonth.of(2024, 5))));
        assertEquals(
                "【今日账单】138****8001\n2024年5月6日 消费合计：0.00元\n今日暂无消费。",
                QueryTexts.daily(new DailyBill("13800138001", LocalDate.of(2024, 5, 6), 0, List.of())));
    }

    @Test
    void usageRemainingAndPoints() throws Exception {
        assertEquals(
                "【本月流量】138****8001\n总量：3.00GB，已用：512.00MB，剩余：2.50GB\n明细："
                        + "\n· 套餐内流量：已用512.00MB/共2.00GB，剩余1.50GB\n· 1GB月包：已用0.00MB/共1.00GB，剩余1.00GB",
                QueryTexts.dataUsage(carrier.dataUsage("13800138001")));
        assertEquals(
                "【套餐余量】138****8001\n短信：剩余80条（共100条，已用20条）\n语音：剩余255分钟（共300分钟，已用45分钟）"
                        + "\n流量：剩余1.99GB（共2.00GB，已用1.00MB）\nWLAN：剩余8小时30分钟（共10小时，已用1小时30分钟）",
                QueryTexts.packageRemaining(carrier.packageRemaining("13800138001")));
        assertEquals(
                "【积分】138****8001\n可用积分：1280\n兑换记录：\n· 2024-05-01 话费10元 1000积分",
                QueryTexts.points(carrier.points("13800138001")));
        assertEquals("【积分】138****8001\n可用积分：0\n暂无兑换记录。", QueryTexts.points(new Points("13800138001", 0, List.of())));
    }

    @Test
    void longListsStayUnderWeChatsTextLimit() {
        List<BillItem> items = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            items.add(new BillItem("国内长途通话费用明细第" + i + "项", 100 + i));
        }
        String text = QueryTexts.monthly(new MonthlyBill("13800138001", YearMonth.of(2024, 5), 99999, 1, items));
        assertTrue(text.endsWith("……共200项"), text);
        assertTrue(
                text.getBytes(StandardCharsets.UTF_8).length < 2048,
                "bytes: " + text.getBytes(StandardCharsets.UTF_8).length);
    }
}
