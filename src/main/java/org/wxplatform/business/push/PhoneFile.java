package org.wxplatform.business.push;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an uploaded file of phone numbers as it streams in, never whole in memory: one line a number,
 * optionally followed by columns (comma, tab or semicolon separated, CSV quotes allowed) that fill
 * per-number template fields. Refused, with a message saying why: a binary file (NUL bytes or too many
 * control characters, or the signature of an archive, image, PDF or executable), a file over the byte
 * limit (counted while it streams, so a 2 GB upload is stopped at the limit), more lines than the line
 * limit, a line over 4096 characters, and text that is neither UTF-8 nor GBK (a BOM is allowed, UTF-16 is
 * refused).
 */
final class PhoneFile {

    static final int HEAD = 64 * 1024;
    static final int MAX_LINE = 4096;
    static final Charset GBK = Charset.forName("GBK");

    /** What is done with each non-empty line. */
    interface Sink {
        void line(int lineNo, String line, List<String> cells) throws Exception;
    }

    /** What was read: the encoding, the bytes and the non-empty lines. */
    record Read(String encoding, long bytes, int lines) {}

    private PhoneFile() {}

    static Read read(InputStream raw, long maxBytes, int maxLines, Sink sink) throws Exception {
        Counting in = new Counting(raw, maxBytes);
        byte[] head = in.readNBytes(HEAD);
        if (head.length == 0) {
            throw new PushRefused(400, "the file is empty");
        }
        String binary = binary(head, head.length);
        if (binary != null) {
            throw new PushRefused(400, "not a text file of phone numbers: " + binary);
        }
        int skip = 0;
        Charset charset;
        if (head.length >= 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF) {
            charset = StandardCharsets.UTF_8;
            skip = 3;
        } else if (decodes(head, StandardCharsets.UTF_8, 3)) {
            charset = StandardCharsets.UTF_8;
        } else if (decodes(head, GBK, 1)) {
            charset = GBK;
        } else {
            throw new PushRefused(
                    400, "the file is neither UTF-8 nor GBK text: save it as UTF-8 (or GBK) and upload it again");
        }
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        InputStream body = new SequenceInputStream(new ByteArrayInputStream(head, skip, head.length - skip), in);
        Lines lines = new Lines(maxLines, sink);
        // decoded by hand, not through a Reader: the lines before a bad byte are taken first, so the
        // refusal names the line the byte is on
        ByteBuffer bytes = ByteBuffer.allocate(16 * 1024);
        CharBuffer chars = CharBuffer.allocate(16 * 1024);
        boolean end = false;
        while (!end) {
            int n = body.read(bytes.array(), bytes.position(), bytes.remaining());
            if (n < 0) {
                end = true;
            } else {
                bytes.position(bytes.position() + n);
            }
            bytes.flip();
            CoderResult r = decoder.decode(bytes, chars, end);
            chars.flip();
            lines.take(chars);
            chars.clear();
            if (r.isError()) {
                throw new PushRefused(
                        400,
                        "line " + (lines.lineNo + 1) + " is not " + charset.name()
                                + " text (the file mixes encodings): save it as UTF-8 and upload it again");
            }
            bytes.compact();
        }
        if (decoder.flush(chars).isError()) {
            throw new PushRefused(400, "the file ends in the middle of a character");
        }
        chars.flip();
        lines.take(chars);
        lines.end();
        return new Read(charset.name(), in.count, lines.lines);
    }

    /** Splits decoded text into lines (LF, CRLF or CR) and hands the non-empty ones to the sink. */
    private static final class Lines {
        final int maxLines;
        final Sink sink;
        final StringBuilder line = new StringBuilder();
        int lineNo;
        int lines;
        boolean cr;

        Lines(int maxLines, Sink sink) {
            this.maxLines = maxLines;
            this.sink = sink;
        }

        void take(CharBuffer chars) throws Exception {
            while (chars.hasRemaining()) {
                char c = chars.get();
                if (c == '\n' || c == '\r') {
                    if (c == '\n' && cr) {
                        cr = false;
                        continue;
                    }
                    cr = c == '\r';
                    lineNo++;
                    emitLine();
                    continue;
                }
                cr = false;
                if (c == 0) {
                    throw new PushRefused(400, "not a text file of phone numbers: a NUL byte on line " + (lineNo + 1));
                }
                if (line.length() >= MAX_LINE) {
                    throw new PushRefused(400, "line " + (lineNo + 1) + " is longer than " + MAX_LINE + " characters");
                }
                line.append(c);
            }
        }

        void end() throws Exception {
            if (line.length() > 0) {
                lineNo++;
                emitLine();
            }
        }

        private void emitLine() throws Exception {
            if (emit(lineNo, line, sink) && ++lines > maxLines) {
                throw new PushRefused(400, "more than " + maxLines + " lines: split the file");
            }
            line.setLength(0);
        }
    }

    private static boolean emit(int lineNo, StringBuilder line, Sink sink) throws Exception {
        String s = line.toString().strip();
        if (s.isEmpty()) {
            return false;
        }
        sink.line(lineNo, s, cells(s));
        return true;
    }

    /** The cells of a line: split at commas, tabs or semicolons outside double quotes. */
    static List<String> cells(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cell.append(c);
                }
            } else if (c == '"' && cell.toString().isBlank()) {
                cell.setLength(0);
                quoted = true;
            } else if (c == ',' || c == '\t' || c == ';') {
                out.add(cell.toString().strip());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        out.add(cell.toString().strip());
        return out;
    }

    /** Why the head of a file is not text, or null. */
    static String binary(byte[] b, int n) {
        if (n >= 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4) {
            return "a ZIP archive (an .xlsx workbook is one: save it as CSV)";
        }
        if (n >= 4 && b[0] == '%' && b[1] == 'P' && b[2] == 'D' && b[3] == 'F') {
            return "a PDF document";
        }
        if (n >= 4 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
            return "a PNG image";
        }
        if (n >= 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8 && (b[2] & 0xff) == 0xFF) {
            return "a JPEG image";
        }
        if (n >= 4 && b[0] == 0x7F && b[1] == 'E' && b[2] == 'L' && b[3] == 'F') {
            return "an executable";
        }
        if (n >= 2 && (b[0] & 0xff) == 0xD0 && (b[1] & 0xff) == 0xCF) {
            return "an old Office document (.xls): save it as CSV";
        }
        if (n >= 2
                && (((b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xFE)
                        || ((b[0] & 0xff) == 0xFE && (b[1] & 0xff) == 0xFF))) {
            return "UTF-16 text: save it as UTF-8";
        }
        int control = 0;
        for (int i = 0; i < n; i++) {
            int c = b[i] & 0xff;
            if (c == 0) {
                return "it holds NUL bytes";
            }
            if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') {
                control++;
            }
        }
        return control * 100 > n ? "too many control characters" : null;
    }

    /** Whether {@code head} decodes strictly, allowing a sequence cut off by the end of the head. */
    static boolean decodes(byte[] head, Charset charset, int maxCut) {
        for (int cut = 0; cut <= Math.min(maxCut, head.length - 1); cut++) {
            CharsetDecoder d = charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            try {
                CharBuffer unused = d.decode(ByteBuffer.wrap(head, 0, head.length - cut));
                return true;
            } catch (CharacterCodingException e) {
                if (head.length < HEAD) {
                    return false; // the whole file: nothing was cut off
                }
            }
        }
        return false;
    }

    /** Counts the bytes read and refuses the stream once it passes the limit. */
    static final class Counting extends FilterInputStream {
        private final long max;
        long count;

        Counting(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        private void add(long n) throws IOException {
            if (n > 0) {
                count += n;
                if (count > max) {
                    throw new TooLarge(max);
                }
            }
        }

        @Override
        public int read() throws IOException {
            int c = super.read();
            add(c < 0 ? 0 : 1);
            return c;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            add(n);
            return n;
        }
    }

    /** The stream passed the byte limit (an IOException so that it passes through the decoder). */
    static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge(long max) {
            super("the file is larger than " + (max >= 1 << 20 ? (max >> 20) + " MB" : max + " bytes"));
        }
    }
}
