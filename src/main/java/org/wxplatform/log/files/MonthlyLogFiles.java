package org.wxplatform.log.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * Housekeeping of monthly log files in one directory: the server writes {@code NAME} (for example {@code
 * interface.log}) and at a month's end renames it {@code NAME.yyyy-MM.gz}, compressed (WildFly's periodic
 * rotating handler compresses when the suffix ends in {@code .gz}). This deletes the files of months older
 * than the kept ones and compresses any earlier month still left uncompressed ({@code NAME.yyyy-MM}, e.g.
 * from a server configured before compression). The current month's file is never touched.
 *
 * <p>Compression writes {@code NAME.yyyy-MM.gz.tmp} and moves it into place, then deletes the original, so an
 * interrupted run leaves at most a temporary file, which the next run replaces.
 */
public final class MonthlyLogFiles {

    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM");

    private MonthlyLogFiles() {}

    /** What one run did. */
    public record Result(List<Path> deleted, List<Path> compressed) {}

    /**
     * Keeps the current month and the {@code keepMonths} before it for every base name in {@code names};
     * deletes older monthly files and compresses earlier months that are not compressed yet.
     */
    public static Result tidy(Path dir, List<String> names, YearMonth now, int keepMonths) throws IOException {
        if (keepMonths < 1) {
            throw new IllegalArgumentException("keepMonths must be at least 1, not " + keepMonths);
        }
        YearMonth oldestKept = now.minusMonths(keepMonths);
        List<Path> deleted = new ArrayList<>();
        List<Path> compressed = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return new Result(deleted, compressed);
        }
        for (String name : names) {
            Pattern monthly = Pattern.compile(Pattern.quote(name) + "\\.(\\d{4}-\\d{2})(\\.gz)?");
            List<Path> files = new ArrayList<>();
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, name + ".*")) {
                stream.forEach(files::add);
            }
            for (Path file : files) {
                Matcher m = monthly.matcher(file.getFileName().toString());
                if (!m.matches() || !Files.isRegularFile(file)) {
                    continue;
                }
                YearMonth month;
                try {
                    month = YearMonth.parse(m.group(1), MONTH);
                } catch (DateTimeParseException e) {
                    continue;
                }
                if (month.isBefore(oldestKept)) {
                    Files.deleteIfExists(file);
                    deleted.add(file);
                } else if (m.group(2) == null && month.isBefore(now)) {
                    Path gz = file.resolveSibling(file.getFileName() + ".gz");
                    if (!Files.exists(gz)) {
                        gzip(file, gz);
                        compressed.add(gz);
                    }
                    Files.deleteIfExists(file);
                }
            }
        }
        return new Result(deleted, compressed);
    }

    private static void gzip(Path source, Path target) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (InputStream in = Files.newInputStream(source);
                OutputStream out = new GZIPOutputStream(Files.newOutputStream(tmp), 64 * 1024)) {
            in.transferTo(out);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
