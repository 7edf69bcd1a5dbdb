package org.wxplatform.log.mail;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A CSV attachment in the format of the admin downloads: UTF-8 with a byte-order mark, RFC 4180 quoting,
 * CRLF line ends, a cell that a spreadsheet would take for a formula prefixed with {@code '}. (The admin
 * module's streaming writer answers HTTP requests; this one fills a mail part in memory, and the log
 * module does not reach into the admin module.)
 */
final class MailCsv {

    private final StringBuilder out = new StringBuilder("\uFEFF");

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
        if (value == null) {
            return "";
        }
        String s = value.toString();
        if (!s.isEmpty() && !(value instanceof Number)) {
            char first = s.charAt(0);
            if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r') {
                s = "'" + s;
            }
        }
        boolean quote = false;
        for (int i = 0; i < s.length() && !quote; i++) {
            char c = s.charAt(i);
            quote = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        return quote ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
}
