package org.wxplatform.admin.web;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.bind.annotation.JsonbNillable;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import org.wxplatform.platform.config.Settings;

/**
 * What the admin lists share: {@code limit} 1..500 (50 by default), an opaque keyset cursor
 * ({@code after}) that carries the last id shown, the answer {@code {"rows": [...], "next": cursor|null}},
 * and times as ISO-8601 with the offset of the admin's zone (Asia/Shanghai) so that the pages show them.
 */
public final class Paging {

    /** The zone the admin shows and takes days in ({@code WXP_TIMEZONE}, Asia/Shanghai by default). */
    static final ZoneId ZONE = ZoneId.of(Settings.get("WXP_TIMEZONE", "Asia/Shanghai"));

    static final int MAX_LIMIT = 500;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");
    private static final String CURSOR_PREFIX = "k1:";

    /** Bad input: the API's mapper answers 400 with this message, which names the field. */
    static final class BadInput extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        BadInput(String field, String problem) {
            super(field + ": " + problem);
        }
    }

    /** One page of rows and the cursor of the next one ({@code null}, shown as such, on the last page). */
    @JsonbNillable
    public record Page<T>(List<T> rows, String next) {}

    private Paging() {}

    static int limit(String value) {
        if (value == null || value.isBlank()) {
            return 50;
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new BadInput("limit", "expected a whole number 1.." + MAX_LIMIT);
    }

    /** The id after which the page starts (exclusive), or {@link Long#MAX_VALUE} for the first page. */
    static long after(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return Long.MAX_VALUE;
        }
        if (cursor.length() > 64) {
            throw new BadInput("after", "not a cursor of this list");
        }
        try {
            String s = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            if (s.startsWith(CURSOR_PREFIX)) {
                long id = Long.parseLong(s.substring(CURSOR_PREFIX.length()));
                if (id > 0) {
                    return id;
                }
            }
        } catch (IllegalArgumentException e) {
            // answered below (NumberFormatException is one too)
        }
        throw new BadInput("after", "not a cursor of this list");
    }

    static String cursor(long lastId) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((CURSOR_PREFIX + lastId).getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * The page of {@code fetched} rows (asked for {@code limit + 1}, newest first): the extra row only
     * says that there is a next page.
     */
    static <T, V> Page<V> page(List<T> fetched, int limit, Function<T, Long> id, Function<T, V> view) {
        boolean more = fetched.size() > limit;
        List<T> shown = more ? fetched.subList(0, limit) : fetched;
        String next = more ? cursor(id.apply(shown.get(shown.size() - 1))) : null;
        return new Page<>(shown.stream().map(view).toList(), next);
    }

    /** A calendar day in Asia/Shanghai ({@code yyyy-MM-dd}), or null when not given. */
    static LocalDate day(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() != 10) {
            throw new BadInput(field, "expected yyyy-MM-dd");
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new BadInput(field, "expected yyyy-MM-dd");
        }
    }

    static Instant startOf(LocalDate day) {
        return day.atStartOfDay(ZONE).toInstant();
    }

    static String time(Instant i) {
        return i == null ? null : TIME.format(i.truncatedTo(ChronoUnit.SECONDS).atZone(ZONE));
    }

    /** A request body that must be a JSON object of at most 64 KB; 400 naming {@code body} otherwise. */
    static JsonObject jsonObject(String body) {
        if (body == null || body.isBlank()) {
            throw new BadInput("body", "expected a JSON object");
        }
        if (body.length() > 64 * 1024) {
            throw new BadInput("body", "at most 64 KB");
        }
        try (JsonReader reader = Json.createReader(new StringReader(body))) {
            JsonValue v = reader.readValue();
            if (v instanceof JsonObject o) {
                return o;
            }
        } catch (JsonException e) {
            throw new BadInput("body", "not valid JSON");
        }
        throw new BadInput("body", "expected a JSON object");
    }

    /** A short text field: null when blank, 400 naming it when longer than {@code max}. */
    static String text(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String s = value.strip();
        if (s.length() > max) {
            throw new BadInput(field, "at most " + max + " characters");
        }
        return s;
    }
}
