package org.wxplatform.message.xml;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.regex.Pattern;

/** Constructor checks shared by the message and reply records. */
final class Checks {

    /** WeChat's MsgId is a 64-bit integer; kept as digits so that no value is ever out of range. */
    static final Pattern MSG_ID = Pattern.compile("[0-9]{1,20}");

    /** Plain decimal coordinates as WeChat writes them; no exponent, so rendering never explodes. */
    static final Pattern DECIMAL = Pattern.compile("-?[0-9]{1,12}(\\.[0-9]{1,15})?");

    private Checks() {}

    static String nonBlank(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }

    static String present(String value, String name) {
        return Objects.requireNonNull(value, name);
    }

    /** Optional values: blank means absent, so that rendering and re-parsing give the same record. */
    static String optional(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** Whether {@code value} is 1 to 20 decimal digits (what {@link #MSG_ID} matches), without a regex. */
    static boolean isMsgId(String value) {
        int n = value.length();
        if (n == 0 || n > 20) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    static String msgId(String value, String name) {
        Objects.requireNonNull(value, name);
        if (!isMsgId(value)) {
            throw new IllegalArgumentException(name + " must be 1 to 20 decimal digits");
        }
        return value;
    }

    static long createTime(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("createTime must not be negative");
        }
        return value;
    }

    static BigDecimal decimal(BigDecimal value, String name) {
        Objects.requireNonNull(value, name);
        if (!DECIMAL.matcher(value.toPlainString()).matches()) {
            throw new IllegalArgumentException(name + " is out of range");
        }
        return value;
    }

    static int count(int value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative");
        }
        return value;
    }
}
