package org.wxplatform.sandbox.carrier;

import java.time.LocalDate;
import java.util.List;

/**
 * A subscriber as the simulated carrier sees it now: plan (and a plan change waiting for next month),
 * balance, this month's allowances, data per plan or package, points and their exchange history.
 */
public record Subscriber(
        String phone,
        Product plan,
        Product nextPlan,
        long balanceFen,
        Allowance sms,
        Allowance mms,
        Allowance voice,
        Allowance data,
        Allowance wlan,
        List<DataPack> dataPackages,
        long points,
        List<Exchange> exchanges) {

    /** Total, used and remaining of an allowance, with its unit (条, 分钟, KB). */
    public record Allowance(long total, long used, long remaining, String unit) {
        static Allowance of(long total, long used, String unit) {
            return new Allowance(total, used, Math.max(0, total - used), unit);
        }
    }

    /** Data of one plan or package this month, in KB. */
    public record DataPack(String name, long totalKb, long usedKb, long remainingKb) {}

    /** One exchange of points. */
    public record Exchange(LocalDate date, String item, long points) {}
}
