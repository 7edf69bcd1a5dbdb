package org.wxplatform.admin.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.core.StreamingOutput;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {

    @Test
    void cellsAreQuotedAndFormulasDefused() {
        assertEquals("plain", Csv.cell("plain"));
        assertEquals("", Csv.cell(null));
        assertEquals("\"a,b\"", Csv.cell("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", Csv.cell("say \"hi\""));
        assertEquals("\"two\nlines\"", Csv.cell("two\nlines"));
        assertEquals("'=1+1", Csv.cell("=1+1"));
        assertEquals("\"'=HYPERLINK(\"\"x\"\")\"", Csv.cell("=HYPERLINK(\"x\")"));
        assertEquals("'+1", Csv.cell("+1"));
        assertEquals("'@SUM(A1)", Csv.cell("@SUM(A1)"));
        assertEquals("-5", Csv.cell(-5), "a number stays a number");
        assertEquals("中文", Csv.cell("中文"));
    }

    @Test
    void aDownloadIsUtf8WithABomAndCrlfRows() throws Exception {
        StreamingOutput body = Csv.stream(List.of("时间", "内容"), rows -> {
            rows.row("2026-12-01 10:00:00", "你好");
            rows.row("2026-12-01 10:01:00", null);
        });
        assertTrue(Csv.disposition("日志.csv").contains("filename*=UTF-8''%E6%97%A5%E5%BF%97.csv"));
        assertTrue(Csv.disposition("日志.csv").contains("filename=\"__.csv\""));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        body.write(out);
        byte[] b = out.toByteArray();
        assertEquals((byte) 0xEF, b[0]);
        assertEquals((byte) 0xBB, b[1]);
        assertEquals((byte) 0xBF, b[2]);
        assertEquals(
                "\uFEFF时间,内容\r\n2026-12-01 10:00:00,你好\r\n2026-12-01 10:01:00,\r\n",
                new String(b, StandardCharsets.UTF_8));
    }
}
