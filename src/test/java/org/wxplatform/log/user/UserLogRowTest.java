package org.wxplatform.log.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A user-log row survives the write-behind stream unchanged, and a foreign entry is refused. */
class UserLogRowTest {

    @Test
    void aRowComesBackFromItsStreamFieldsAsItWent() {
        UserLogRow text =
                new UserLogRow("wx0000000000000001", "oA", "message", "text", "123", "你好😀 <b>", 1764720000L, null);
        UserLogRow click = new UserLogRow(
                "wx0000000000000001",
                "oB",
                "event",
                "event:CLICK",
                "oB#1764720001#CLICK",
                "KEY_1",
                1764720001L,
                new MenuClicks.Click("CLICK", "KEY_1"));
        UserLogRow noContent = new UserLogRow("wx0000000000000001", "oC", "event", "event:x", "k", null, 1L, null);
        for (UserLogRow row : new UserLogRow[] {text, click, noContent}) {
            assertEquals(row, UserLogRow.fromFields(row.fields()));
        }
        assertEquals(
                "",
                UserLogRow.fromFields(new UserLogRow("a", "o", "k", "t", "m", "", 1L, null).fields())
                        .content());
    }

    @Test
    void anEntryWithoutTheFieldsOfARowIsRefused() {
        Map<String, String> f = new HashMap<>(new UserLogRow("a", "o", "k", "t", "m", "c", 1L, null).fields());
        f.remove("m");
        assertThrows(IllegalArgumentException.class, () -> UserLogRow.fromFields(f));
        f.put("m", "m");
        f.put("at", "soon");
        assertThrows(IllegalArgumentException.class, () -> UserLogRow.fromFields(f));
    }
}
