package org.wxplatform.customerservice;

import java.util.Locale;

/** How an auto-reply keyword is compared with a subscriber's text (SPEC §4.1). Always literally. */
public enum MatchType {
    /** The message, trimmed, equals the keyword (letters compared without case). */
    EQUALS,
    /** The message contains the keyword anywhere (letters compared without case). */
    CONTAINS;

    /**
     * Reads the operator's spelling ({@code contains} or {@code equals}, any case).
     *
     * @throws IllegalArgumentException naming the field {@code match} when absent or unknown
     */
    public static MatchType parse(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("match is required (contains or equals)");
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "contains" -> CONTAINS;
            case "equals" -> EQUALS;
            default -> throw new IllegalArgumentException("match must be contains or equals");
        };
    }

    /** The spelling of the admin API. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
