package org.wxplatform.message.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EncodingAesKeyTest {

    @Test
    void acceptsWxJavasHandTypedKeyWhoseLastCharacterHasNonZeroSpareBits() {
        // 'G' = 000110: the low two bits are spare and not zero; strict decoders refuse this key.
        EncodingAesKey key = EncodingAesKey.parse(OfficialVectors.JAVA_KEY);
        assertArrayEquals(Base64.getDecoder().decode(OfficialVectors.JAVA_KEY + "="), key.bytes());
        assertEquals(32, key.bytes().length);
    }

    @Test
    void decodesLikeBase64WithTheSpareBitsIgnored() {
        // E, F, G, H differ only in the two spare bits (0001xx), so they give the same key.
        String stem = OfficialVectors.JAVA_KEY.substring(0, 42);
        EncodingAesKey e = EncodingAesKey.parse(stem + "E");
        for (char last : new char[] {'F', 'G', 'H'}) {
            assertArrayEquals(e.bytes(), EncodingAesKey.parse(stem + last).bytes());
        }
        assertFalse(Arrays.equals(e.bytes(), EncodingAesKey.parse(stem + "I").bytes()));
    }

    @Test
    void fortyThreeAsIsTheAllZeroKeyOfTheOfficialExample() {
        EncodingAesKey key = EncodingAesKey.parse(OfficialVectors.DOC_KEY);
        assertArrayEquals(new byte[32], key.bytes());
        assertArrayEquals(new byte[16], key.iv());
    }

    @Test
    void ivIsTheFirstSixteenKeyBytes() {
        EncodingAesKey key = EncodingAesKey.parse(OfficialVectors.WECOM_KEY);
        assertArrayEquals(Arrays.copyOf(key.bytes(), 16), key.iv());
    }

    @Test
    void bytesAreACopy() {
        EncodingAesKey key = EncodingAesKey.parse(OfficialVectors.JAVA_KEY);
        key.bytes()[0] ^= 1;
        assertArrayEquals(Base64.getDecoder().decode(OfficialVectors.JAVA_KEY + "="), key.bytes());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "abcdefghijklmnopqrstuvwxyz0123456789ABCDEF",
                "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH",
                "abcdefghijklmnopqrstuvwxyz0123456789ABCDEF=",
                "abcdefghijklmnopqrstuvwxyz0123456789ABCDE-G",
                "abcdefghijklmnopqrstuvwxyz0123456789ABCD FG",
                " bcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
                "abcdefghijklmnopqrstuvwxyz0123456789ABCDEF\u00e9",
                ""
            })
    void refusesAnythingButFortyThreeBase64CharactersWithoutEchoingTheKey(String bad) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EncodingAesKey.parse(bad));
        assertTrue(e.getMessage().startsWith("EncodingAESKey"), e.getMessage());
        if (bad.length() > 10) {
            assertFalse(e.getMessage().contains(bad.substring(0, 10)), "message echoes the key");
        }
    }

    @Test
    void refusesNull() {
        assertThrows(IllegalArgumentException.class, () -> EncodingAesKey.parse(null));
    }

    @Test
    void toStringHidesTheKey() {
        assertFalse(EncodingAesKey.parse(OfficialVectors.JAVA_KEY).toString().contains("abc"));
    }

    @Test
    void equalKeysAreEqual() {
        assertEquals(EncodingAesKey.parse(OfficialVectors.JAVA_KEY), EncodingAesKey.parse(OfficialVectors.JAVA_KEY));
    }
}
