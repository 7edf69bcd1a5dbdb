package org.wxplatform.log.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MonthlyLogFilesTest {

    static final YearMonth NOW = YearMonth.of(2026, 11);

    @TempDir
    Path dir;

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    @Test
    void deletesMonthsOlderThanTheKeptOnesAndCompressesEarlierMonths() throws IOException {
        file("interface.log", "this month");
        file("interface.log.2026-10", "october line\n".repeat(100));
        file("interface.log.2026-05.gz", "x");
        file("interface.log.2026-04.gz", "x");
        file("interface.log.2025-12", "old, never compressed");
        file("access.log.2026-03.gz", "x");
        file("access.log.2026-09", "september");
        file("server.log.2020-01-01", "not ours");
        file("interface.log.notes", "not a month");

        MonthlyLogFiles.Result r = MonthlyLogFiles.tidy(dir, List.of("interface.log", "access.log"), NOW, 6);

        assertTrue(Files.exists(dir.resolve("interface.log")), "the current file is never touched");
        assertTrue(Files.exists(dir.resolve("interface.log.2026-05.gz")), "six earlier months are kept");
        assertFalse(Files.exists(dir.resolve("interface.log.2026-04.gz")));
        assertFalse(Files.exists(dir.resolve("interface.log.2025-12")));
        assertFalse(Files.exists(dir.resolve("access.log.2026-03.gz")));
        assertTrue(Files.exists(dir.resolve("server.log.2020-01-01")));
        assertTrue(Files.exists(dir.resolve("interface.log.notes")));
        assertEquals(3, r.deleted().size(), r.toString());

        assertFalse(Files.exists(dir.resolve("interface.log.2026-10")));
        assertEquals("october line\n".repeat(100), gunzip(dir.resolve("interface.log.2026-10.gz")));
        assertEquals("september", gunzip(dir.resolve("access.log.2026-09.gz")));
        assertEquals(2, r.compressed().size());

        MonthlyLogFiles.Result again = MonthlyLogFiles.tidy(dir, List.of("interface.log", "access.log"), NOW, 6);
        assertTrue(again.deleted().isEmpty() && again.compressed().isEmpty(), "a second run has nothing to do");
    }

    @Test
    void theCurrentMonthIsNotCompressedAndBadSettingsAreRefused() throws IOException {
        file("interface.log.2026-11", "rotated early by hand");
        MonthlyLogFiles.tidy(dir, List.of("interface.log"), NOW, 1);
        assertTrue(Files.exists(dir.resolve("interface.log.2026-11")));
        assertThrows(IllegalArgumentException.class, () -> MonthlyLogFiles.tidy(dir, List.of("interface.log"), NOW, 0));
        assertTrue(MonthlyLogFiles.tidy(dir.resolve("missing"), List.of("interface.log"), NOW, 6)
                .deleted()
                .isEmpty());
    }

    @Test
    void keepingOneMonthKeepsOnlyThePreviousMonth() throws IOException {
        file("interface.log.2026-10.gz", "x");
        file("interface.log.2026-09.gz", "x");
        MonthlyLogFiles.tidy(dir, List.of("interface.log"), NOW, 1);
        assertTrue(Files.exists(dir.resolve("interface.log.2026-10.gz")));
        assertFalse(Files.exists(dir.resolve("interface.log.2026-09.gz")));
    }

    private static String gunzip(Path gz) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
