package org.wxplatform.platform.secret;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretBoxTest {

    private static byte[] key() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return k;
    }

    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    @Test
    void sealsWithAFreshIvAndOpensAgain() {
        SecretBox box = new SecretBox(key(), null);
        String a = box.seal(SECRET);
        String b = box.seal(SECRET);
        assertTrue(a.startsWith(SecretBox.PREFIX));
        assertFalse(a.contains(SECRET));
        assertNotEquals(a, b, "the same secret never seals to the same text");
        assertEquals(SECRET, box.open(a));
        assertEquals(SECRET, box.open(b));
        assertTrue(box.isCurrent(a));
        assertTrue(a.length() <= 255, "fits the column");
        String longest = box.seal("x".repeat(64));
        assertTrue(longest.length() <= 255, longest.length() + " characters");
        assertNull(box.seal(null));
        assertNull(box.open(null));
    }

    @Test
    void aValueFromBeforeSealingIsReadAsItIsAndIsNotCurrent() {
        SecretBox box = new SecretBox(key(), null);
        assertEquals(SECRET, box.open(SECRET));
        assertFalse(box.isCurrent(SECRET));
        SecretBox none = new SecretBox(null, null);
        assertFalse(none.sealing());
        assertEquals(SECRET, none.seal(SECRET), "without a key nothing is sealed");
        assertTrue(none.isCurrent(SECRET));
    }

    @Test
    void anAlteredValueIsRefused() {
        SecretBox box = new SecretBox(key(), null);
        String sealed = box.seal(SECRET);
        int at = sealed.lastIndexOf(':') + 5;
        char flipped = sealed.charAt(at) == 'A' ? 'B' : 'A';
        String altered = sealed.substring(0, at) + flipped + sealed.substring(at + 1);
        assertThrows(SecretBox.SecretException.class, () -> box.open(altered));
        assertThrows(SecretBox.SecretException.class, () -> box.open(SecretBox.PREFIX + "nokeyid"));
        assertThrows(SecretBox.SecretException.class, () -> box.open(sealed.substring(0, sealed.lastIndexOf(':') + 4)));
    }

    @Test
    void rotationOpensOldValuesAndMarksThemForResealing() {
        byte[] oldKey = key();
        byte[] newKey = key();
        String underOld = new SecretBox(oldKey, null).seal(SECRET);
        assertThrows(
                SecretBox.SecretException.class,
                () -> new SecretBox(newKey, null).open(underOld),
                "a value of a key this node does not have");
        SecretBox rotating = new SecretBox(newKey, oldKey);
        assertEquals(SECRET, rotating.open(underOld));
        assertFalse(rotating.isCurrent(underOld));
        String resealed = rotating.seal(rotating.open(underOld));
        assertTrue(rotating.isCurrent(resealed));
        assertEquals(SECRET, new SecretBox(newKey, null).open(resealed));
    }

    @Test
    void aKeyMustBe32Bytes() {
        var e = assertThrows(IllegalArgumentException.class, () -> new SecretBox(new byte[16], null));
        assertTrue(e.getMessage().contains("32 bytes"));
        assertEquals(44, Base64.getEncoder().encodeToString(key()).length());
    }
}
