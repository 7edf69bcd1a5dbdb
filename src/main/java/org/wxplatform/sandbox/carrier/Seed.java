package org.wxplatform.sandbox.carrier;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.regex.Pattern;

/**
 * What a number starts with, derived from the number alone (so every node and every run agree): its plan,
 * balance (at least 20000 fen, so one order of anything succeeds for a fresh number), the share of its
 * allowances used this month, and its points. Also the number rules: 11 digits {@code 1[3-9]\d{9}};
 * numbers ending in 0000 are not subscribers of this carrier.
 */
public final class Seed {

    private static final Pattern PHONE = Pattern.compile("1[3-9]\\d{9}");
    private static final Product[] PLANS = {Product.PLAN_58, Product.PLAN_88, Product.PLAN_128};

    private Seed() {}

    /** The number checked: INVALID_NUMBER for a bad form, UNKNOWN_NUMBER for another carrier's number. */
    public static String subscriber(String phone) {
        if (phone == null || !PHONE.matcher(phone).matches()) {
            throw SimFault.invalidNumber();
        }
        if (phone.endsWith("0000")) {
            throw SimFault.unknownNumber();
        }
        return phone;
    }

    /** A non-negative number derived from the phone and a salt (SHA-256). */
    public static long hash(String phone, String salt) {
        try {
            byte[] d =
                    MessageDigest.getInstance("SHA-256").digest((phone + "|" + salt).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(d).getLong() & Long.MAX_VALUE;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Product plan(String phone) {
        return PLANS[(int) (hash(phone, "plan") % PLANS.length)];
    }

    public static long balanceFen(String phone) {
        return 20_000 + hash(phone, "balance") % 30_001;
    }

    /** Share (percent, 10..85) of an allowance used this month. */
    public static int usedPercent(String phone, String allowance) {
        return 10 + (int) (hash(phone, "used:" + allowance) % 76);
    }

    public static long points(String phone) {
        return 500 + hash(phone, "points") % 9_500;
    }
}
