package org.wxplatform.admin.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class LookupsTest {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private static void named(String field, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().startsWith(field + ":"), e.getMessage());
    }

    @Test
    void limitsAreOneToFiveHundredDefaultFifty() {
        assertEquals(50, Paging.limit(null));
        assertEquals(50, Paging.limit(" "));
        assertEquals(1, Paging.limit("1"));
        assertEquals(500, Paging.limit("500"));
        for (String bad : new String[] {"0", "501", "-1", "ten", "99999999999", "1.5"}) {
            named("limit", () -> Paging.limit(bad));
        }
    }

    @Test
    void minutesAreLocalTimesOfTheZone() {
        assertEquals(Instant.parse("2026-11-30T16:00:00Z"), Lookups.minute("from", "2026-12-01T00:00", SHANGHAI));
        assertNull(Lookups.minute("from", "", SHANGHAI));
        for (String bad :
                new String[] {"2026-12-01", "2026-02-30T00:00", "2026-12-01T24:00", "2026-12-01T00:00:00", "x"}) {
            named("to", () -> Lookups.minute("to", bad, SHANGHAI));
        }
        assertEquals("2026-12-01T10:00:00+08:00", Lookups.time(Instant.parse("2026-12-01T02:00:00Z"), SHANGHAI));
        assertNull(Lookups.time(null, SHANGHAI));
    }

    @Test
    void idsAreChecked() {
        assertEquals("wx0123456789abcdef", Lookups.appid(" wx0123456789abcdef ", true));
        assertNull(Lookups.appid(null, false));
        named("appid", () -> Lookups.appid(null, true));
        named("appid", () -> Lookups.appid("wx123", false));
        assertEquals("o-_AZ09", Lookups.openid("o-_AZ09"));
        named("openid", () -> Lookups.openid("o".repeat(65)));
        named("openid", () -> Lookups.openid("o'1"));
    }

    @Test
    void userLogRangesDefaultAndAreBounded() {
        var f = UserLogsResource.filter("wx0123456789abcdef", null, "2026-12-01T00:00", null);
        assertEquals(Instant.parse("2026-12-01T16:00:00Z"), f.to(), "from alone: one day");
        named("to", () -> UserLogsResource.filter("wx0123456789abcdef", null, "2026-12-01T00:00", "2026-12-01T00:00"));
        named("to", () -> UserLogsResource.filter("wx0123456789abcdef", null, "2026-01-01T00:00", "2026-07-21T00:00"));
        UserLogsResource.filter("wx0123456789abcdef", null, "2026-01-01T00:00", "2026-07-20T00:00");
        var last = UserLogsResource.filter("wx0123456789abcdef", null, null, null);
        assertEquals(86_400, last.to().getEpochSecond() - last.from().getEpochSecond());
    }

    @Test
    void bindingQueriesTakeExactlyOneOfPhoneAndOpenid() {
        named("phone", () -> BindingsResource.query(null, null, null));
        named("phone", () -> BindingsResource.query("13912345678", "o1", null));
        named("phone", () -> BindingsResource.query("12345", null, null));
        assertEquals(
                "13912345678",
                BindingsResource.query("+86 139-1234-5678", null, null).phone());
        assertEquals(42L, BindingsResource.decode(BindingsResource.encode(42)));
        named("after", () -> BindingsResource.decode("bm9wZQ"));
        named("after", () -> BindingsResource.decode("%%%"));
    }
}
