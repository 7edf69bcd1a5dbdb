package org.wxplatform.admin.web;

import jakarta.json.bind.annotation.JsonbNillable;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What the lookup endpoints share: parameter checks whose messages name the field, the page shape
 * {@code {"rows": [...], "next": cursor|null}}, and times shown as ISO-8601 with the offset of the zone
 * the admin works in.
 */
final class Lookups {

    /** The zone the admin shows and takes times in (the one the user logs are split by years in). */
    static final ZoneId ZONE = Paging.ZONE;

    private static final Pattern APPID = Pattern.compile("wx[0-9a-zA-Z]{16}");
    private static final Pattern OPENID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final DateTimeFormatter MINUTE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm").withResolverStyle(ResolverStyle.STRICT);

    /** A page of a list: {@code next} is the cursor of the following page, null (and shown) on the last. */
    @JsonbNillable
    record Page<T>(List<T> rows, String next) {}

    private Lookups() {}

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    static String appid(String value, boolean required) {
        String s = blankToNull(value);
        if (s == null) {
            if (required) {
                throw new IllegalArgumentException("appid: required (wx followed by 16 letters or digits)");
            }
            return null;
        }
        if (!APPID.matcher(s).matches()) {
            throw new IllegalArgumentException("appid: expected wx followed by 16 letters or digits");
        }
        return s;
    }

    static String openid(String value) {
        String s = blankToNull(value);
        if (s == null) {
            return null;
        }
        if (s.length() > 64) {
            throw new IllegalArgumentException("openid: at most 64 characters");
        }
        if (!OPENID.matcher(s).matches()) {
            throw new IllegalArgumentException("openid: letters, digits, '-' and '_' only");
        }
        return s;
    }

    /** A local time {@code yyyy-MM-dd'T'HH:mm} in {@code zone}; null when absent. */
    static Instant minute(String field, String value, ZoneId zone) {
        String s = blankToNull(value);
        if (s == null) {
            return null;
        }
        try {
            if (s.length() != 16) {
                throw new DateTimeParseException("length", s, 0);
            }
            return LocalDateTime.parse(s, MINUTE).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + ": expected yyyy-MM-dd'T'HH:mm");
        }
    }

    /** ISO-8601 with the zone's offset, e.g. 2026-12-01T10:00:00+08:00; null stays null. */
    static String time(Instant at, ZoneId zone) {
        return at == null ? null : OffsetDateTime.ofInstant(at, zone).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }
}
