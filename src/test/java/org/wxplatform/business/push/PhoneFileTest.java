package org.wxplatform.business.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PhoneFileTest {

    static List<List<String>> read(byte[] bytes) throws Exception {
        List<List<String>> out = new ArrayList<>();
        PhoneFile.read(new ByteArrayInputStream(bytes), 1 << 20, 1000, (n, line, cells) -> out.add(cells));
        return out;
    }

    @Test
    void linesOfUtf8AndGbkWithColumnsQuotesAndAnyLineEnd() throws Exception {
        String text = "phone,thing1\r\n13800000000,\"流量, 包\"\n\n13900000000\t话费\r13700000000;\"a \"\"b\"\"\"";
        for (Charset cs : List.of(StandardCharsets.UTF_8, PhoneFile.GBK)) {
            List<List<String>> lines = read(text.getBytes(cs));
            assertEquals(4, lines.size(), cs.name());
            assertEquals(List.of("13800000000", "流量, 包"), lines.get(1));
            assertEquals(List.of("13900000000", "话费"), lines.get(2));
            assertEquals(List.of("13700000000", "a \"b\""), lines.get(3));
        }
        byte[] bom = ("\uFEFF13800000000\n").getBytes(StandardCharsets.UTF_8);
        assertEquals(List.of(List.of("13800000000")), read(bom));
    }

    @Test
    void binaryFilesAreRefusedByWhatTheyAre() {
        assertRefused(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0}, "PNG");
        assertRefused(new byte[] {'P', 'K', 3, 4, 0, 0}, "ZIP");
        assertRefused(new byte[] {'%', 'P', 'D', 'F', '-', '1'}, "PDF");
        assertRefused(new byte[] {(byte) 0xFF, (byte) 0xFE, '1', 0}, "UTF-16");
        assertRefused("138\u00000000000\n".getBytes(StandardCharsets.UTF_8), "NUL");
        assertRefused(new byte[0], "empty");
    }

    @Test
    void textThatIsNeitherUtf8NorGbkIsRefused() {
        byte[] bad = {'1', '3', '8', (byte) 0xFF, (byte) 0xFF, (byte) 0x80, '\n'};
        assertRefused(bad, "neither UTF-8 nor GBK");
    }

    @Test
    void aWrongByteAfterTheHeadIsRefusedWithItsLine() throws Exception {
        byte[] head = "13800000000\n".repeat(PhoneFile.HEAD / 12 + 10).getBytes(StandardCharsets.US_ASCII);
        byte[] bytes = new byte[head.length + 3];
        System.arraycopy(head, 0, bytes, 0, head.length);
        bytes[head.length] = (byte) 0xFF;
        bytes[head.length + 1] = (byte) 0xFF;
        bytes[head.length + 2] = '\n';
        PushRefused e = assertThrows(
                PushRefused.class,
                () -> PhoneFile.read(new ByteArrayInputStream(bytes), 1 << 20, 100_000, (n, l, c) -> {}));
        assertTrue(e.getMessage().contains("line " + (PhoneFile.HEAD / 12 + 11)), e.getMessage());
    }

    @Test
    void aStreamPastTheLimitIsStoppedAtTheLimit() {
        InputStream endless = new InputStream() {
            long served;

            @Override
            public int read() {
                served++;
                return served % 12 == 0 ? '\n' : '1';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                for (int i = 0; i < len; i++) {
                    b[off + i] = (byte) read();
                }
                return len;
            }
        };
        assertThrows(
                PhoneFile.TooLarge.class, () -> PhoneFile.read(endless, 1 << 20, Integer.MAX_VALUE, (n, l, c) -> {}));
    }

    @Test
    void tooManyLinesAndTooLongLinesAreRefused() {
        PushRefused lines = assertThrows(
                PushRefused.class,
                () -> PhoneFile.read(
                        new ByteArrayInputStream("13800000000\n".repeat(11).getBytes(StandardCharsets.US_ASCII)),
                        1 << 20,
                        10,
                        (n, l, c) -> {}));
        assertTrue(lines.getMessage().contains("more than 10 lines"), lines.getMessage());
        assertRefused("1".repeat(5000).getBytes(StandardCharsets.US_ASCII), "longer than 4096");
    }

    @Test
    void theSetOfSeenNumbersKeepsAMillionDistinctOnes() {
        LongSet set = new LongSet();
        for (long i = 0; i < 1_000_000; i++) {
            assertTrue(set.add(13_000_000_000L + i * 7));
        }
        assertEquals(1_000_000, set.size());
        assertFalse(set.add(13_000_000_000L + 7 * 999_999));
        assertTrue(set.add(0));
        assertFalse(set.add(0));
    }

    @Test
    void templateKeysAndThePhonesView() {
        String content = "业务名称：{{thing1.DATA}}\n办理时间：{{ time2.DATA }}\n{{thing1.DATA}}{{bad key.DATA}}";
        assertEquals(List.of("thing1", "time2"), PushTemplate.keys(content));
        assertEquals(
                "业务名称：流量包\n办理时间：2026年12月3日\n流量包",
                Pushes.fill(content, java.util.Map.of("thing1", "流量包", "time2", "2026年12月3日")));
    }

    static void assertRefused(byte[] bytes, String reason) {
        PushRefused e = assertThrows(PushRefused.class, () -> read(bytes));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }
}
