package org.wxplatform.platform.csv;

/**
 * The one CSV format of the product (admin downloads, mail attachments): RFC 4180 quoting, and a cell
 * that a spreadsheet would run as a formula ({@code = + - @}, tab, CR) prefixed with {@code '}, since
 * subscribers write the text of the logs. Files start with {@link #BOM} (UTF-8, so that Excel opens Chinese
 * text correctly) and end their rows with CRLF.
 */
public final class CsvCells {

    public static final char BOM = '\uFEFF';

    private CsvCells() {}

    /** One cell, quoted when it must be, guarded against formula injection; null is empty. */
    public static String cell(Object value) {
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
