package org.wxplatform.log.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class UserLogQueryTest {

    @Test
    void aCursorRoundTripsAndGarbageIsNamedAfter() {
        UserLogQuery.Cursor c = new UserLogQuery.Cursor(2027, 1_798_732_800L, 123_456L);
        assertEquals(c, UserLogQuery.Cursor.decode(c.encode()));
        assertTrue(c.encode().matches("[A-Za-z0-9_-]+"), "safe in a URL as it is");
        for (String bad : new String[] {"", "!!", "dTEuMjAyNy4x", "A".repeat(65), "dTEuMTk5OS4xLjE"}) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> UserLogQuery.Cursor.decode(bad), bad);
            assertTrue(e.getMessage().startsWith("after:"), e.getMessage());
        }
    }

    @Test
    void aRangeReadsTheYearsItTouchesInShanghai() {
        // 2026-12-31T16:00Z is New Year 2027 in Shanghai: a range ending there stays in 2026
        Instant newYear = Instant.parse("2026-12-31T16:00:00Z");
        UserLogQuery.Filter in2026 = new UserLogQuery.Filter("wx1", null, newYear.minusSeconds(86_400), newYear);
        assertEquals(2026, UserLogQuery.firstYear(in2026));
        assertEquals(2026, UserLogQuery.lastYear(in2026));
        UserLogQuery.Filter across =
                new UserLogQuery.Filter("wx1", null, newYear.minusSeconds(60), newYear.plusSeconds(1));
        assertEquals(2026, UserLogQuery.firstYear(across));
        assertEquals(2027, UserLogQuery.lastYear(across));
        assertThrows(IllegalArgumentException.class, () -> new UserLogQuery.Filter("wx1", null, newYear, newYear));
    }
}
