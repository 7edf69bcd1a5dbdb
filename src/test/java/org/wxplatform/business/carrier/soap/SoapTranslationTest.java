package org.wxplatform.business.carrier.soap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wxplatform.business.carrier.BillItem;
import org.wxplatform.business.carrier.DataUsage;
import org.wxplatform.business.carrier.MonthlyBill;
import org.wxplatform.business.carrier.OrderKind;
import org.wxplatform.business.carrier.OrderRequest;
import org.wxplatform.business.carrier.OrderResult;
import org.wxplatform.business.carrier.PackageRemaining;
import org.wxplatform.business.carrier.Points;
import org.wxplatform.business.carrier.Remaining;
import org.wxplatform.business.carrier.soap.gen.Allowance;
import org.wxplatform.business.carrier.soap.gen.DataPackage;
import org.wxplatform.business.carrier.soap.gen.OrderOutcome;
import org.wxplatform.business.carrier.soap.gen.PointsExchange;
import org.wxplatform.business.carrier.soap.gen.QueryDailyBillResponse;
import org.wxplatform.business.carrier.soap.gen.QueryDataUsageResponse;
import org.wxplatform.business.carrier.soap.gen.QueryMonthlyBillResponse;
import org.wxplatform.business.carrier.soap.gen.QueryPackageRemainingResponse;
import org.wxplatform.business.carrier.soap.gen.QueryPointsResponse;

class SoapTranslationTest {

    static org.wxplatform.business.carrier.soap.gen.BillItem item(String name, long fen) {
        var i = new org.wxplatform.business.carrier.soap.gen.BillItem();
        i.setItemName(name);
        i.setAmountFen(fen);
        return i;
    }

    static Allowance allowance(long total, long used) {
        Allowance a = new Allowance();
        a.setTotal(total);
        a.setUsed(used);
        a.setRemaining(total - used);
        a.setUnit("x");
        return a;
    }

    @Test
    void billsKeepTheirItemsAndPeriods() {
        QueryMonthlyBillResponse m = new QueryMonthlyBillResponse();
        m.setPhone("13812345678");
        m.setBillCycle("202611");
        m.setTotalFen(9300);
        m.setBalanceFen(21000);
        m.getItem().add(item("88元畅享套餐月功能费", 8800));
        m.getItem().add(item("短信费", 500));
        MonthlyBill bill = SoapTranslation.monthlyBill(m);
        assertEquals(YearMonth.of(2026, 11), bill.month());
        assertEquals(21000, bill.balanceFen());
        assertEquals(List.of(new BillItem("88元畅享套餐月功能费", 8800), new BillItem("短信费", 500)), bill.items());

        QueryDailyBillResponse d = new QueryDailyBillResponse();
        d.setPhone("13812345678");
        d.setBillDate("20261103");
        d.setTotalFen(0);
        assertEquals(LocalDate.of(2026, 11, 3), SoapTranslation.dailyBill(d).day());
        assertTrue(SoapTranslation.dailyBill(d).items().isEmpty());

        d.setBillDate("2026-11-03");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SoapTranslation.dailyBill(d));
        assertTrue(e.getMessage().contains("billDate"));
        assertEquals("20261103", SoapTranslation.day(LocalDate.of(2026, 11, 3)));
        assertEquals("202602", SoapTranslation.cycle(YearMonth.of(2026, 2)));
    }

    @Test
    void usageAndRemainingMapEveryAllowance() {
        QueryDataUsageResponse u = new QueryDataUsageResponse();
        u.setPhone("13812345678");
        u.setTotalKb(300);
        u.setUsedKb(50);
        u.setRemainingKb(250);
        DataPackage p = new DataPackage();
        p.setPackageName("1GB国内流量月包");
        p.setTotalKb(100);
        p.setUsedKb(0);
        p.setRemainingKb(100);
        u.getPackage().add(p);
        DataUsage usage = SoapTranslation.dataUsage(u);
        assertEquals(new Remaining(300, 50, 250), usage.totalKb());
        assertEquals("1GB国内流量月包", usage.packages().get(0).packageName());
        assertEquals(new Remaining(100, 0, 100), usage.packages().get(0).kb());

        QueryPackageRemainingResponse r = new QueryPackageRemainingResponse();
        r.setPhone("13812345678");
        r.setSms(allowance(100, 10));
        r.setMms(allowance(50, 0));
        r.setVoice(allowance(300, 120));
        r.setData(allowance(1000, 400));
        r.setWlan(allowance(600, 0));
        PackageRemaining left = SoapTranslation.packageRemaining(r);
        assertEquals(new Remaining(100, 10, 90), left.sms());
        assertEquals(new Remaining(300, 120, 180), left.voiceMinutes());
        assertEquals(new Remaining(1000, 400, 600), left.dataKb());
        assertEquals(new Remaining(600, 0, 600), left.wlanMinutes());
        r.setWlan(null);
        assertThrows(IllegalArgumentException.class, () -> SoapTranslation.packageRemaining(r));
    }

    @Test
    void pointsHistoryIsNewestFirst() {
        QueryPointsResponse r = new QueryPointsResponse();
        r.setPhone("13812345678");
        r.setAvailablePoints(1200);
        for (String day : List.of("20260815", "20261002", "20260901")) {
            PointsExchange x = new PointsExchange();
            x.setExchangeDate(day);
            x.setItemName("1GB流量券");
            x.setPoints(800);
            r.getExchange().add(x);
        }
        Points p = SoapTranslation.points(r);
        assertEquals(1200, p.available());
        assertEquals(
                List.of(LocalDate.of(2026, 10, 2), LocalDate.of(2026, 9, 1), LocalDate.of(2026, 8, 15)),
                p.history().stream().map(x -> x.date()).toList());
    }

    @Test
    void orderOutcomesCarryTheCarriersTimeAsAnInstant() {
        OrderOutcome o = new OrderOutcome();
        o.setOrderSerial("S1");
        o.setSuccess(false);
        o.setResultCode("INSUFFICIENT_BALANCE");
        o.setResultMessage("余额不足");
        o.setExecutedTime("20261103083000");
        OrderResult r = SoapTranslation.orderResult(o);
        assertEquals(Instant.parse("2026-11-03T00:30:00Z"), r.executedAt());
        assertNull(r.carrierOrderId());
        assertEquals("INSUFFICIENT_BALANCE", r.code());
        assertThrows(IllegalArgumentException.class, () -> SoapTranslation.orderResult(null));
    }

    @Test
    void eachOrderKindHasItsOperation() {
        assertEquals("OrderDataPackage", SoapCarrierOrders.operation(req(OrderKind.DATA_PACKAGE)));
        assertEquals("OrderMessagingPackage", SoapCarrierOrders.operation(req(OrderKind.SMS_PACKAGE)));
        assertEquals("OrderWlanPackage", SoapCarrierOrders.operation(req(OrderKind.WLAN_PACKAGE)));
        assertEquals("ChangeMainPlan", SoapCarrierOrders.operation(req(OrderKind.MAIN_PLAN)));
        assertEquals("Recharge", SoapCarrierOrders.operation(req(OrderKind.RECHARGE)));
        assertEquals(
                5000,
                SoapCarrierOrders.recharge(new OrderRequest("S", "13812345678", OrderKind.RECHARGE, "RECHARGE", 5000))
                        .getAmountFen());
        assertEquals(
                "PLAN_88",
                SoapCarrierOrders.planChange(new OrderRequest("S", "13812345678", OrderKind.MAIN_PLAN, "PLAN_88", 0))
                        .getPlanCode());
    }

    static OrderRequest req(OrderKind kind) {
        return new OrderRequest("S", "13812345678", kind, "X", 0);
    }
}
