package org.wxplatform.business.carrier.soap;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.wxplatform.business.carrier.BillItem;
import org.wxplatform.business.carrier.DailyBill;
import org.wxplatform.business.carrier.DataPackageUsage;
import org.wxplatform.business.carrier.DataUsage;
import org.wxplatform.business.carrier.MonthlyBill;
import org.wxplatform.business.carrier.OrderResult;
import org.wxplatform.business.carrier.PackageRemaining;
import org.wxplatform.business.carrier.Points;
import org.wxplatform.business.carrier.PointsExchange;
import org.wxplatform.business.carrier.Remaining;
import org.wxplatform.business.carrier.soap.gen.Allowance;
import org.wxplatform.business.carrier.soap.gen.DataPackage;
import org.wxplatform.business.carrier.soap.gen.OrderOutcome;
import org.wxplatform.business.carrier.soap.gen.QueryDailyBillResponse;
import org.wxplatform.business.carrier.soap.gen.QueryDataUsageResponse;
import org.wxplatform.business.carrier.soap.gen.QueryMonthlyBillResponse;
import org.wxplatform.business.carrier.soap.gen.QueryPackageRemainingResponse;
import org.wxplatform.business.carrier.soap.gen.QueryPointsResponse;

/**
 * The generated SOAP types into the product's records and back (dates yyyyMMdd, bill cycles yyyyMM, times
 * yyyyMMddHHmmss in Beijing time). An answer that does not follow the WSDL's formats is an
 * {@link IllegalArgumentException} naming the field, which the client reports as "answer not understood".
 */
final class SoapTranslation {

    static final ZoneId CARRIER_ZONE = ZoneId.of("Asia/Shanghai");
    static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    static final DateTimeFormatter CYCLE = DateTimeFormatter.ofPattern("yyyyMM");
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private SoapTranslation() {}

    static String day(LocalDate day) {
        return day.format(DAY);
    }

    static String cycle(YearMonth month) {
        return month.format(CYCLE);
    }

    static DailyBill dailyBill(QueryDailyBillResponse r) {
        return new DailyBill(
                r.getPhone(),
                parseDay("billDate", r.getBillDate()),
                r.getTotalFen(),
                r.getItem().stream()
                        .map(i -> new BillItem(i.getItemName(), i.getAmountFen()))
                        .toList());
    }

    static MonthlyBill monthlyBill(QueryMonthlyBillResponse r) {
        YearMonth month;
        try {
            month = YearMonth.parse(String.valueOf(r.getBillCycle()), CYCLE);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("billCycle '" + r.getBillCycle() + "' is not yyyyMM", e);
        }
        return new MonthlyBill(
                r.getPhone(),
                month,
                r.getTotalFen(),
                r.getBalanceFen(),
                r.getItem().stream()
                        .map(i -> new BillItem(i.getItemName(), i.getAmountFen()))
                        .toList());
    }

    static DataUsage dataUsage(QueryDataUsageResponse r) {
        List<DataPackageUsage> packages = new ArrayList<>();
        for (DataPackage p : r.getPackage()) {
            packages.add(new DataPackageUsage(
                    p.getPackageName(), new Remaining(p.getTotalKb(), p.getUsedKb(), p.getRemainingKb())));
        }
        return new DataUsage(r.getPhone(), new Remaining(r.getTotalKb(), r.getUsedKb(), r.getRemainingKb()), packages);
    }

    static PackageRemaining packageRemaining(QueryPackageRemainingResponse r) {
        return new PackageRemaining(
                r.getPhone(),
                remaining("sms", r.getSms()),
                remaining("voice", r.getVoice()),
                remaining("data", r.getData()),
                remaining("wlan", r.getWlan()));
    }

    static Points points(QueryPointsResponse r) {
        List<PointsExchange> history = new ArrayList<>();
        r.getExchange()
                .forEach(x -> history.add(new PointsExchange(
                        parseDay("exchangeDate", x.getExchangeDate()), x.getItemName(), x.getPoints())));
        history.sort(Comparator.comparing(PointsExchange::date).reversed());
        return new Points(r.getPhone(), r.getAvailablePoints(), history);
    }

    static OrderResult orderResult(OrderOutcome o) {
        if (o == null) {
            throw new IllegalArgumentException("the answer has no order outcome");
        }
        return new OrderResult(
                o.getOrderSerial(),
                o.isSuccess(),
                o.getCarrierOrderId() == null || o.getCarrierOrderId().isEmpty() ? null : o.getCarrierOrderId(),
                o.getResultCode(),
                o.getResultMessage(),
                parseTime("executedTime", o.getExecutedTime()));
    }

    private static Remaining remaining(String name, Allowance a) {
        if (a == null) {
            throw new IllegalArgumentException("the answer has no " + name + " allowance");
        }
        return new Remaining(a.getTotal(), a.getUsed(), a.getRemaining());
    }

    static LocalDate parseDay(String field, String value) {
        try {
            return LocalDate.parse(String.valueOf(value), DAY);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + " '" + value + "' is not yyyyMMdd", e);
        }
    }

    static Instant parseTime(String field, String value) {
        try {
            return LocalDateTime.parse(String.valueOf(value), TIME)
                    .atZone(CARRIER_ZONE)
                    .toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + " '" + value + "' is not yyyyMMddHHmmss", e);
        }
    }
}
