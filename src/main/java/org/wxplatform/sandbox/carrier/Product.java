package org.wxplatform.sandbox.carrier;

import java.util.Arrays;
import java.util.Optional;

/**
 * The simulated carrier's catalog: code, order type, name, price (fen) and what it gives. Data in KB,
 * voice and WLAN in minutes. Monthly and quarterly data packages and plans are subscriptions (ordering one
 * that is active answers ALREADY_SUBSCRIBED); the other packages add up.
 */
public enum Product {
    DATA_M_100M(Kind.DATA_PACKAGE, "100MB国内流量月包", 500, 1, true, 102_400, 0, 0, 0, 0),
    DATA_M_500M(Kind.DATA_PACKAGE, "500MB国内流量月包", 2000, 1, true, 512_000, 0, 0, 0, 0),
    DATA_M_1G(Kind.DATA_PACKAGE, "1GB国内流量月包", 3000, 1, true, 1_048_576, 0, 0, 0, 0),
    DATA_Q_3G(Kind.DATA_PACKAGE, "3GB国内流量季包", 7000, 3, true, 3_145_728, 0, 0, 0, 0),
    DATA_S_NIGHT_2G(Kind.DATA_PACKAGE, "2GB夜间流量包", 1000, 1, false, 2_097_152, 0, 0, 0, 0),
    SMS_100(Kind.SMS_PACKAGE, "100条短信包", 1000, 1, false, 0, 100, 0, 0, 0),
    MMS_50(Kind.SMS_PACKAGE, "50条彩信包", 1000, 1, false, 0, 0, 50, 0, 0),
    WLAN_10H(Kind.WLAN_PACKAGE, "WLAN 10小时包", 500, 1, false, 0, 0, 0, 0, 600),
    WLAN_50H(Kind.WLAN_PACKAGE, "WLAN 50小时包", 2000, 1, false, 0, 0, 0, 0, 3000),
    /** Plans: the price is the monthly fee; changing plan costs nothing now and takes effect next month. */
    PLAN_58(Kind.MAIN_PLAN, "58元基础套餐", 5800, 1, true, 3_145_728, 50, 0, 100, 0),
    PLAN_88(Kind.MAIN_PLAN, "88元畅享套餐", 8800, 1, true, 10_485_760, 100, 0, 300, 600),
    PLAN_128(Kind.MAIN_PLAN, "128元尊享套餐", 12800, 1, true, 31_457_280, 200, 0, 600, 1800),
    RECHARGE(Kind.RECHARGE, "话费充值", 0, 0, false, 0, 0, 0, 0, 0);

    /** Order types, as named in the WSDL's OrderOutcome.orderType. */
    public enum Kind {
        DATA_PACKAGE,
        SMS_PACKAGE,
        WLAN_PACKAGE,
        MAIN_PLAN,
        RECHARGE
    }

    public static final long MIN_RECHARGE_FEN = 1000;
    public static final long MAX_RECHARGE_FEN = 50_000;

    public final Kind kind;
    public final String title;
    public final long priceFen;
    public final int months;
    public final boolean exclusive;
    public final long dataKb;
    public final long sms;
    public final long mms;
    public final long voiceMinutes;
    public final long wlanMinutes;

    Product(
            Kind kind,
            String title,
            long priceFen,
            int months,
            boolean exclusive,
            long dataKb,
            long sms,
            long mms,
            long voiceMinutes,
            long wlanMinutes) {
        this.kind = kind;
        this.title = title;
        this.priceFen = priceFen;
        this.months = months;
        this.exclusive = exclusive;
        this.dataKb = dataKb;
        this.sms = sms;
        this.mms = mms;
        this.voiceMinutes = voiceMinutes;
        this.wlanMinutes = wlanMinutes;
    }

    /** The product of that code and order type, or empty (UNKNOWN_PRODUCT). */
    public static Optional<Product> find(Kind kind, String code) {
        return Arrays.stream(values())
                .filter(p -> p.kind == kind && p.name().equals(code))
                .findFirst();
    }

    public static Product plan(String code) {
        return find(Kind.MAIN_PLAN, code).orElseThrow(() -> new IllegalArgumentException("no plan " + code));
    }
}
