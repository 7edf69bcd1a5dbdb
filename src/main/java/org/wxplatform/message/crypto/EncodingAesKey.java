package org.wxplatform.message.crypto;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The 32-byte AES key behind an account's 43-character EncodingAESKey.
 *
 * <p>WeChat derives the key as {@code Base64_Decode(EncodingAESKey + "=")}. 43 base64 characters carry
 * 258 bits, so the last character has two spare bits. Operators type keys by hand and the spare bits are
 * often non-zero (WxJava's test key {@code abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG} ends in {@code G},
 * spare bits {@code 10}); WeChat accepts such keys and so do we: the spare bits are ignored, as a
 * non-strict base64 decoder does. Strict decoders (recent commons-codec) reject these keys, which is why
 * this class decodes by hand.
 *
 * <p>Guarantees: a constructed instance always holds exactly 32 bytes; anything that is not exactly 43
 * characters of the standard base64 alphabet ({@code A-Z a-z 0-9 + /}) is refused with an
 * {@link IllegalArgumentException} whose message never contains the key; {@link #toString()} hides the key.
 * Surrounding whitespace is not trimmed here: trimming operator input belongs to the form that takes it.
 */
public final class EncodingAesKey {

    /** Length of an EncodingAESKey in characters. */
    public static final int LENGTH = 43;

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private final byte[] key;

    private EncodingAesKey(byte[] key) {
        this.key = key;
    }

    /**
     * Parses an EncodingAESKey.
     *
     * @throws IllegalArgumentException if it is null, not 43 characters, or has a character outside the
     *     base64 alphabet (the message says which rule failed and at which position, never the key)
     */
    public static EncodingAesKey parse(String encodingAesKey) {
        if (encodingAesKey == null) {
            throw new IllegalArgumentException("EncodingAESKey is required");
        }
        if (encodingAesKey.length() != LENGTH) {
            throw new IllegalArgumentException(
                    "EncodingAESKey must be exactly " + LENGTH + " base64 characters, got " + encodingAesKey.length());
        }
        byte[] out = new byte[32];
        int buffer = 0;
        int bits = 0;
        int n = 0;
        for (int i = 0; i < LENGTH; i++) {
            int value = ALPHABET.indexOf(encodingAesKey.charAt(i));
            if (value < 0) {
                throw new IllegalArgumentException("EncodingAESKey may contain only base64 characters "
                        + "(A-Z a-z 0-9 + /); position " + (i + 1) + " is not one");
            }
            buffer = (buffer << 6) | value;
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                out[n++] = (byte) (buffer >> bits);
                buffer &= (1 << bits) - 1;
            }
        }
        // 43 * 6 = 258 bits: 32 whole bytes, and the 2 bits left in the buffer are the spare bits that
        // WeChat ignores.
        return new EncodingAesKey(out);
    }

    /** A copy of the 32 key bytes. */
    public byte[] bytes() {
        return key.clone();
    }

    /** A copy of the first 16 key bytes, which the protocol uses as the CBC initialisation vector. */
    public byte[] iv() {
        return Arrays.copyOf(key, 16);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EncodingAesKey that && MessageDigest.isEqual(key, that.key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key);
    }

    @Override
    public String toString() {
        return "EncodingAesKey[hidden]";
    }
}
