package org.wxplatform.sandbox.wechat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlainJsonTest {

    @Test
    void readsEveryKindOfValue() {
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("s", "a\"b\\c/d\b\f\n\r\t营😀");
        expected.put("n", new BigDecimal("-12.5e3"));
        expected.put("t", true);
        expected.put("f", false);
        expected.put("z", null);
        expected.put("a", Arrays.asList(new BigDecimal("1"), "x", List.of(), Map.of()));
        assertEquals(
                expected,
                PlainJson.parse(" {\"s\":\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u8425\\ud83d\\ude00\", \"n\": -12.5e3,"
                        + "\"t\":true,\"f\":false,\"z\":null,\"a\":[1,\"x\",[],{}]} "));
        assertNull(PlainJson.parse("null"));
        assertEquals("", PlainJson.parse("\"\""));
    }

    @Test
    void refusesWhatIsNotExactlyOneJsonValue() {
        for (String bad : List.of(
                "",
                "{",
                "{\"a\"}",
                "{\"a\":1,}",
                "[1 2]",
                "{} {}",
                "'x'",
                "\"\\x\"",
                "01",
                "1.",
                "tru",
                "\"a\nb\"",
                "\"\\u12\"",
                "{a:1}",
                "[".repeat(100) + "]".repeat(100))) {
            assertThrows(IllegalArgumentException.class, () -> PlainJson.parse(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> PlainJson.parse(null));
    }
}
