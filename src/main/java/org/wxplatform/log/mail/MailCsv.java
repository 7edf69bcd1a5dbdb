package org.wxplatform.log.mail;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.wxplatform.platform.csv.CsvCells;

/**
 * A CSV attachment in the product's one CSV format ({@link CsvCells}), as the admin downloads have it.
 * (The admin module's streaming writer answers HTTP requests; this one fills a mail part in memory.)
 */
final class MailCsv {

    private final StringBuilder out = new StringBuilder().append(CsvCells.BOM);

    MailCsv(List<String> header) {
        row(header.toArray());
    }

    MailCsv row(Object... cells) {
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(cell(cells[i]));
        }
        out.append("\r\n");
        return this;
    }

    byte[] bytes() {
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    static String cell(Object value) {
        return CsvCells.cell(value);
    }
}
