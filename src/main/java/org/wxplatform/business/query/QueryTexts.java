package org.wxplatform.business.query;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.format.DateTimeFormatter;
import org.wxplatform.business.binding.Phones;
import org.wxplatform.business.carrier.BillItem;
import org.wxplatform.business.carrier.DailyBill;
import org.wxplatform.business.carrier.DataPackageUsage;
import org.wxplatform.business.carrier.DataUsage;
import org.wxplatform.business.carrier.MonthlyBill;
import org.wxplatform.business.carrier.PackageRemaining;
import org.wxplatform.business.carrier.Points;
import org.wxplatform.business.carrier.PointsExchange;
import org.wxplatform.business.carrier.Remaining;

/**
 * The carrier's answers as a subscriber reads them: amounts in yuan with two decimals (the carrier counts
 * fen), data in MB below 1 GB and in GB from there (the carrier counts KB; 1 MB = 1024 KB), numbers
 * masked. Kept under WeChat's 2,048-byte text limit by listing at most {@value #MAX_LINES} items.
 */
public final class QueryTexts {

    static final int MAX_LINES = 20;
    private static final long KB_PER_MB = 1024;
    private static final long KB_PER_GB = 1024 * 1024;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy年M月d日");
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy年M月");

    private QueryTexts() {}

    /** Fen as yuan: 12345 → "123.45元", -5 → "-0.05元". */
    public static String yuan(long fen) {
        return BigDecimal.valueOf(fen, 2).toPlainString() + "元";
    }

    /** KB as MB (below 1 GB) or GB, two decimals cut, never rounded up (an allowance is never shown larger than it is): 1536 → "1.50MB", 1572864 → "1.50GB". */
    public static String data(long kb) {
        if (Math.abs(kb) >= KB_PER_GB) {
            return BigDecimal.valueOf(kb).divide(BigDecimal.valueOf(KB_PER_GB), 2, RoundingMode.DOWN) + "GB";
        }
        return BigDecimal.valueOf(kb).divide(BigDecimal.valueOf(KB_PER_MB), 2, RoundingMode.DOWN) + "MB";
    }

    /** Minutes as "X小时Y分钟" from an hour on, else "Y分钟". */
    public static String minutes(long minutes) {
        if (minutes >= 60) {
            long m = minutes % 60;
            return minutes / 60 + "小时" + (m == 0 ? "" : m + "分钟");
        }
        return minutes + "分钟";
    }

    public static String daily(DailyBill bill) {
        StringBuilder s = new StringBuilder("【今日账单】")
                .append(Phones.mask(bill.phone()))
                .append('\n')
                .append(DAY.format(bill.day()))
                .append(" 消费合计：")
                .append(yuan(bill.totalFen()));
        items(s, bill.items(), "今日暂无消费。");
        return s.toString();
    }

    public static String monthly(MonthlyBill bill) {
        StringBuilder s = new StringBuilder("【")
                .append(MONTH.format(bill.month()))
                .append("账单】")
                .append(Phones.mask(bill.phone()))
                .append("\n本月消费：")
                .append(yuan(bill.totalFen()))
                .append("\n账户余额：")
                .append(yuan(bill.balanceFen()));
        items(s, bill.items(), "本月暂无消费。");
        return s.toString();
    }

    public static String dataUsage(DataUsage usage) {
        Remaining t = usage.totalKb();
        StringBuilder s = new StringBuilder("【本月流量】")
                .append(Phones.mask(usage.phone()))
                .append("\n总量：")
                .append(data(t.total()))
                .append("，已用：")
                .append(data(t.used()))
                .append("，剩余：")
                .append(data(t.remaining()));
        if (!usage.packages().isEmpty()) {
            s.append("\n明细：");
            int n = 0;
            for (DataPackageUsage p : usage.packages()) {
                if (++n > MAX_LINES) {
                    s.append("\n……共").append(usage.packages().size()).append("项");
                    break;
                }
                s.append("\n· ")
                        .append(p.packageName())
                        .append("：已用")
                        .append(data(p.kb().used()))
                        .append("/共")
                        .append(data(p.kb().total()))
                        .append("，剩余")
                        .append(data(p.kb().remaining()));
            }
        }
        return s.toString();
    }

    public static String packageRemaining(PackageRemaining r) {
        return "【套餐余量】" + Phones.mask(r.phone())
                + "\n短信：剩余" + r.sms().remaining() + "条（共" + r.sms().total() + "条，已用"
                + r.sms().used() + "条）"
                + "\n语音：剩余" + r.voiceMinutes().remaining() + "分钟（共"
                + r.voiceMinutes().total() + "分钟，已用"
                + r.voiceMinutes().used() + "分钟）"
                + "\n流量：剩余" + data(r.dataKb().remaining()) + "（共"
                + data(r.dataKb().total()) + "，已用"
                + data(r.dataKb().used()) + "）"
                + "\nWLAN：剩余" + minutes(r.wlanMinutes().remaining()) + "（共"
                + minutes(r.wlanMinutes().total())
                + "，已用" + minutes(r.wlanMinutes().used()) + "）";
    }

    public static String points(Points p) {
        StringBuilder s = new StringBuilder("【积分】")
                .append(Phones.mask(p.phone()))
                .append("\n可用积分：")
                .append(p.available());
        if (p.history().isEmpty()) {
            s.append("\n暂无兑换记录。");
            return s.toString();
        }
        s.append("\n兑换记录：");
        int n = 0;
        for (PointsExchange e : p.history()) {
            if (++n > MAX_LINES) {
                s.append("\n……共").append(p.history().size()).append("条");
                break;
            }
            s.append("\n· ")
                    .append(e.date())
                    .append(' ')
                    .append(e.item())
                    .append(' ')
                    .append(e.points())
                    .append("积分");
        }
        return s.toString();
    }

    private static void items(StringBuilder s, java.util.List<BillItem> items, String none) {
        if (items.isEmpty()) {
            s.append('\n').append(none);
            return;
        }
        s.append("\n明细：");
        int n = 0;
        for (BillItem i : items) {
            if (++n > MAX_LINES) {
                s.append("\n……共").append(items.size()).append("项");
                break;
            }
            s.append("\n· ").append(i.name()).append(' ').append(yuan(i.amountFen()));
        }
    }
}
