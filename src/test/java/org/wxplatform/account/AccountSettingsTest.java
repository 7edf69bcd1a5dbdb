package org.wxplatform.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.wxplatform.account.domain.AccountSettings;
import org.wxplatform.account.domain.MessageMode;

class AccountSettingsTest {

    static final String SECRET = "0123456789abcdef0123456789abcdef";
    static final String KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

    @Test
    void acceptsTheConsoleFormats() {
        var s = new AccountSettings(" 营业厅😀 ", SECRET, "token123", KEY, MessageMode.SAFE);
        assertEquals("营业厅😀", s.name());
        assertEquals(KEY, s.aesKey());
        assertNull(new AccountSettings("n", SECRET, "tok", " ", MessageMode.PLAIN).aesKey());
    }

    @Test
    void namesTheFieldThatIsWrongWithoutEchoingSecrets() {
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> new AccountSettings("n", SECRET, "tok", "tooShortKey", MessageMode.SAFE));
        assertTrue(e.getMessage().contains("EncodingAESKey"));
        assertFalse(e.getMessage().contains("tooShortKey"));
        assertThrows(
                IllegalArgumentException.class,
                () -> new AccountSettings("n", SECRET, "tok", null, MessageMode.COMPAT));
        assertThrows(
                IllegalArgumentException.class,
                () -> new AccountSettings("n", "short", "tok", null, MessageMode.PLAIN));
        assertThrows(
                IllegalArgumentException.class, () -> new AccountSettings("n", SECRET, "t!", null, MessageMode.PLAIN));
        assertThrows(IllegalArgumentException.class, () -> new AccountSettings("n", SECRET, "tok", null, null));
        assertThrows(
                IllegalArgumentException.class,
                () -> new AccountSettings("n".repeat(101), SECRET, "tok", null, MessageMode.PLAIN));
    }

    @Test
    void appidIsWxAndSixteenCharacters() {
        assertEquals("wx0123456789abcdef", AccountSettings.checkAppid("wx0123456789abcdef"));
        for (String bad :
                new String[] {null, "", "wx123", "xx0123456789abcdef", "wx0123456789abcdef0", "wx0123456789abcde'"}) {
            assertThrows(IllegalArgumentException.class, () -> AccountSettings.checkAppid(bad), String.valueOf(bad));
        }
    }

    @Test
    void modeNamesAreForgiving() {
        assertEquals(MessageMode.SAFE, MessageMode.parse("Safe"));
        assertEquals(MessageMode.COMPAT, MessageMode.parse("compatible"));
        assertEquals(MessageMode.PLAIN, MessageMode.parse("plain"));
        assertThrows(IllegalArgumentException.class, () -> MessageMode.parse("aes"));
    }
}
