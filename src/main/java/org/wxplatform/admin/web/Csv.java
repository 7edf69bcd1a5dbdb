package org.wxplatform.admin.web;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.wxplatform.platform.csv.CsvCells;

/**
 * Downloads as CSV (SPEC §6, §7.5): UTF-8 with a byte-order mark so that Excel opens Chinese text
 * correctly, RFC 4180 quoting, CRLF line ends, and streamed: rows go to the client as the source produces
 * them (a six-month log downloads in constant memory). A cell that a spreadsheet would take for a formula
 * ({@code = + - @}, tab, CR) is prefixed with {@code '}: subscribers write the text of the logs.
 */
public final class Csv {

    /** Produces the rows, calling {@link Rows#row} once per row. */
    @FunctionalInterface
    public interface Source {
        void write(Rows rows) throws Exception;
    }

    /** Where a source writes its rows. */
    public static final class Rows {
        private final Writer out;
        private long count;

        Rows(Writer out) {
            this.out = out;
        }

        /** One row; null cells are empty. */
        public void row(Object... cells) {
            try {
                for (int i = 0; i < cells.length; i++) {
                    if (i > 0) {
                        out.write(',');
                    }
                    out.write(cell(cells[i]));
                }
                out.write("\r\n");
                count++;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public long count() {
            return count;
        }
    }

    private Csv() {}

    /** A 200 answer that streams {@code header} and the source's rows as {@code filename} (a .csv name). */
    public static Response download(String filename, List<String> header, Source source) {
        return Response.ok(stream(header, source), "text/csv; charset=UTF-8")
                .header("Content-Disposition", disposition(filename))
                .header("Cache-Control", "no-store")
                .header("X-Content-Type-Options", "nosniff")
                .build();
    }

    /** The body of a download: the BOM, the header row, then the source's rows. */
    static StreamingOutput stream(List<String> header, Source source) {
        return (OutputStream os) -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8), 64 * 1024);
            w.write(CsvCells.BOM);
            Rows rows = new Rows(w);
            rows.row(header.toArray());
            try {
                source.write(rows);
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(e);
            }
            w.flush();
        };
    }

    /** An ASCII name for old clients and the real one (RFC 6266) for the others. */
    static String disposition(String filename) {
        return "attachment; filename=\"" + filename.replaceAll("[^A-Za-z0-9._-]", "_") + "\"; filename*=UTF-8''"
                + URLEncoder.encode(filename, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String cell(Object value) {
        return CsvCells.cell(value);
    }
}
