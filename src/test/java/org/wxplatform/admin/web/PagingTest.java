package org.wxplatform.admin.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class PagingTest {

    @Test
    void limitIsOneToFiveHundredAndNamedWhenWrong() {
        assertEquals(50, Paging.limit(null));
        assertEquals(1, Paging.limit("1"));
        assertEquals(500, Paging.limit("500"));
        for (String bad : List.of("0", "501", "-3", "ten", "1e2", "99999999999")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Paging.limit(bad));
            assertTrue(e.getMessage().startsWith("limit:"), e.getMessage());
        }
    }

    @Test
    void aCursorCarriesTheLastIdAndNothingElseIsOne() {
        assertEquals(Long.MAX_VALUE, Paging.after(null));
        assertEquals(Long.MAX_VALUE, Paging.after(""));
        assertEquals(812L, Paging.after(Paging.cursor(812)));
        for (String bad : List.of("812", "zzz", "a".repeat(65), Paging.cursor(0), "azE6LTU", "!!")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Paging.after(bad));
            assertTrue(e.getMessage().startsWith("after:"), e.getMessage());
        }
    }

    @Test
    void aPageAnswersItsRowsAndTheCursorOfTheNextOnlyWhenThereIsOne() {
        Paging.Page<Long> full = Paging.page(List.of(9L, 8L, 7L), 2, x -> x, x -> x);
        assertEquals(List.of(9L, 8L), full.rows());
        assertEquals(8L, Paging.after(full.next()));
        Paging.Page<Long> last = Paging.page(List.of(9L, 8L), 2, x -> x, x -> x);
        assertEquals(List.of(9L, 8L), last.rows());
        assertNull(last.next());
    }

    @Test
    void daysAndTimesAreShanghais() {
        assertEquals(LocalDate.of(2026, 12, 1), Paging.day("day", "2026-12-01"));
        assertNull(Paging.day("day", " "));
        for (String bad : List.of("2026-13-01", "2026-1-1", "01/12/2026", "2026-12-01T00:00")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Paging.day("day", bad));
            assertTrue(e.getMessage().startsWith("day:"), e.getMessage());
        }
        assertEquals(Instant.parse("2026-11-30T16:00:00Z"), Paging.startOf(LocalDate.of(2026, 12, 1)));
        assertEquals("2026-12-01T10:00:00+08:00", Paging.time(Instant.parse("2026-12-01T02:00:00.789Z")));
        assertNull(Paging.time(null));
    }

    @Test
    void transactionFiltersNameTheBadParameter() {
        String[][] bad = {
            {"lost", null, null, null, "state"},
            {null, "w".repeat(33), null, null, "appid"},
            {null, "wx'1", null, null, "appid"},
            {null, null, "1391234567", null, "phone"},
            {null, null, "+8613912345678", null, "phone"},
            {null, null, "12912345678", null, "phone"},
            {null, null, null, "2026-02-30", "day"}
        };
        for (String[] b : bad) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class, () -> TransactionsResource.filter(b[0], b[1], b[2], b[3]));
            assertTrue(e.getMessage().startsWith(b[4] + ":"), e.getMessage());
        }
        var f = TransactionsResource.filter("failed", "wx0123456789abcdef", "13912345678", "2026-12-01");
        assertEquals('F', f.state());
        assertEquals("13912345678", f.phone());
        assertEquals(Instant.parse("2026-11-30T16:00:00Z"), f.from());
        assertEquals(Instant.parse("2026-12-01T16:00:00Z"), f.until());
    }
}
