package org.wxplatform.sandbox.wechat;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * WeChat's callback signatures and message encryption, written from the protocol description (SPEC §1.2)
 * for the WeChat side of the sandbox, independently of the product's implementation so that each checks
 * the other.
 *
 * <p>Signatures: {@code sha1} over the lexicographically sorted concatenation of token, timestamp and
 * nonce (the handshake and {@code signature} parameter), plus the {@code Encrypt} value for
 * {@code msg_signature} and a reply's {@code MsgSignature}; 40 lower-case hex digits.
 *
 * <p>Encryption: AES-256-CBC with key {@code base64(EncodingAESKey + "=")} and IV = the first 16 key
 * bytes; the plaintext is 16 random bytes, the XML's UTF-8 length as 4 bytes big-endian, the XML, then the
 * AppId, padded PKCS#7-style to a multiple of 32 bytes (1 to 32 pad bytes, each holding the pad length);
 * the result is standard base64.
 *
 * <p>Guarantees: {@link #decrypt} returns text only when every check passes (base64, whole AES blocks,
 * exact padding, a length field inside the data, strict UTF-8, the expected AppId), otherwise it throws
 * {@link WeChatCryptoException}. EncodingAESKeys whose last character carries non-zero spare bits are
 * accepted and the spare bits ignored, as WeChat does; anything that is not 43 base64 characters is
 * refused. Instances are immutable and thread-safe.
 */
public final class WeChatCrypto {

    /** Length of an EncodingAESKey. */
    public static final int KEY_LENGTH = 43;

    private static final String BASE64_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private static final int RANDOM_LENGTH = 16;
    private static final int LENGTH_FIELD = 4;
    private static final int PAD_BLOCK = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] key;

    /**
     * @param encodingAesKey the account's 43-character EncodingAESKey
     * @throws IllegalArgumentException if it is not 43 base64 characters (the message never shows the key)
     */
    public WeChatCrypto(String encodingAesKey) {
        this.key = aesKey(encodingAesKey);
    }

    /**
     * The 32 AES key bytes of an EncodingAESKey. 43 base64 characters hold 258 bits; the two low bits of the
     * last character are spare. Clearing them first lets the JDK's decoder read the key whatever the
     * operator typed there, which is what WeChat does.
     */
    public static byte[] aesKey(String encodingAesKey) {
        if (encodingAesKey == null || encodingAesKey.length() != KEY_LENGTH) {
            throw new IllegalArgumentException("an EncodingAESKey is exactly " + KEY_LENGTH + " base64 characters"
                    + (encodingAesKey == null ? "" : ", this one has " + encodingAesKey.length()));
        }
        for (int i = 0; i < KEY_LENGTH; i++) {
            if (BASE64_ALPHABET.indexOf(encodingAesKey.charAt(i)) < 0) {
                throw new IllegalArgumentException(
                        "an EncodingAESKey has only A-Z a-z 0-9 + /; character " + (i + 1) + " is not one of them");
            }
        }
        int last = BASE64_ALPHABET.indexOf(encodingAesKey.charAt(KEY_LENGTH - 1)) & ~0b11;
        String canonical = encodingAesKey.substring(0, KEY_LENGTH - 1) + BASE64_ALPHABET.charAt(last) + "=";
        byte[] bytes = Base64.getDecoder().decode(canonical);
        if (bytes.length != 32) {
            throw new IllegalStateException("base64 of 43 characters gave " + bytes.length + " bytes");
        }
        return bytes;
    }

    /** The handshake / {@code signature} value: sha1 of the sorted token, timestamp and nonce. */
    public static String sign(String token, String timestamp, String nonce) {
        return sha1OfSorted(token, timestamp, nonce);
    }

    /** The {@code msg_signature} (callback) or {@code MsgSignature} (reply) value. */
    public static String sign(String token, String timestamp, String nonce, String encrypt) {
        return sha1OfSorted(token, timestamp, nonce, encrypt);
    }

    /** Compares two signatures in time independent of where they differ; null never matches. */
    public static boolean signaturesMatch(String expected, String actual) {
        if (expected == null || actual == null) {
            return false;
        }
        return MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.US_ASCII), actual.getBytes(StandardCharsets.US_ASCII));
    }

    /** Encrypts {@code xml} for {@code appId} with fresh random bytes. */
    public String encrypt(String xml, String appId) {
        byte[] random16 = new byte[RANDOM_LENGTH];
        RANDOM.nextBytes(random16);
        return encrypt(xml, appId, random16);
    }

    /**
     * Encrypts {@code xml} for {@code appId} with the given 16 leading bytes (fixed bytes reproduce the
     * official samples' ciphertexts).
     */
    public String encrypt(String xml, String appId, byte[] random16) {
        Objects.requireNonNull(xml, "xml");
        Objects.requireNonNull(appId, "appId");
        if (random16 == null || random16.length != RANDOM_LENGTH) {
            throw new IllegalArgumentException("random16 must be 16 bytes");
        }
        byte[] text = xml.getBytes(StandardCharsets.UTF_8);
        byte[] id = appId.getBytes(StandardCharsets.UTF_8);
        int unpadded = RANDOM_LENGTH + LENGTH_FIELD + text.length + id.length;
        int pad = PAD_BLOCK - unpadded % PAD_BLOCK;
        ByteBuffer plain = ByteBuffer.allocate(unpadded + pad);
        plain.put(random16).putInt(text.length).put(text).put(id);
        while (plain.hasRemaining()) {
            plain.put((byte) pad);
        }
        return Base64.getEncoder().encodeToString(aes(Cipher.ENCRYPT_MODE, plain.array()));
    }

    /**
     * Decrypts an {@code Encrypt} value and checks that it was made for {@code appId}.
     *
     * @return the XML (or, for a safe-mode handshake, the echostr)
     * @throws WeChatCryptoException naming the first check that failed
     */
    public String decrypt(String encrypt, String appId) {
        Objects.requireNonNull(appId, "appId");
        if (encrypt == null || encrypt.isEmpty()) {
            throw new WeChatCryptoException("Encrypt is empty");
        }
        byte[] cipherText;
        try {
            cipherText = Base64.getDecoder().decode(encrypt.strip());
        } catch (IllegalArgumentException e) {
            throw new WeChatCryptoException("Encrypt is not base64", e);
        }
        if (cipherText.length == 0 || cipherText.length % 16 != 0) {
            throw new WeChatCryptoException("Encrypt is not a whole number of AES blocks");
        }
        byte[] plain = aes(Cipher.DECRYPT_MODE, cipherText);
        int pad = plain[plain.length - 1] & 0xff;
        if (pad < 1 || pad > PAD_BLOCK || pad > plain.length) {
            throw new WeChatCryptoException("bad padding (wrong key, or not made by WeChat's algorithm)");
        }
        for (int i = plain.length - pad; i < plain.length; i++) {
            if ((plain[i] & 0xff) != pad) {
                throw new WeChatCryptoException("bad padding (wrong key, or not made by WeChat's algorithm)");
            }
        }
        int end = plain.length - pad;
        if (end < RANDOM_LENGTH + LENGTH_FIELD) {
            throw new WeChatCryptoException("decrypted data is too short to hold a message");
        }
        int length = ByteBuffer.wrap(plain, RANDOM_LENGTH, LENGTH_FIELD).getInt();
        int start = RANDOM_LENGTH + LENGTH_FIELD;
        if (length < 0 || length > end - start) {
            throw new WeChatCryptoException("the length field (" + length + ") points outside the decrypted data");
        }
        String text = utf8(Arrays.copyOfRange(plain, start, start + length), "the message");
        String id = utf8(Arrays.copyOfRange(plain, start + length, end), "the AppId");
        if (!id.equals(appId)) {
            throw new WeChatCryptoException("the message was encrypted for AppId '" + id + "', not '" + appId + "'");
        }
        return text;
    }

    /** Checks {@code msgSignature} over token, timestamp, nonce and Encrypt, then {@link #decrypt}s. */
    public String decryptVerified(
            String token, String msgSignature, String timestamp, String nonce, String encrypt, String appId) {
        if (token == null || timestamp == null || nonce == null || encrypt == null) {
            throw new WeChatCryptoException(
                    "token, timestamp, nonce and Encrypt are all needed to check the signature");
        }
        if (!signaturesMatch(sign(token, timestamp, nonce, encrypt), msgSignature)) {
            throw new WeChatCryptoException("the message signature does not match");
        }
        return decrypt(encrypt, appId);
    }

    private byte[] aes(int mode, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
            cipher.init(mode, new SecretKeySpec(key, "AES"), new IvParameterSpec(key, 0, 16));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            // AES-256/CBC is mandatory in every Java 17 runtime; failing here means a broken JDK.
            throw new IllegalStateException("AES/CBC/NoPadding is not available", e);
        }
    }

    private static String utf8(byte[] bytes, String what) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new WeChatCryptoException(what + " is not UTF-8 (wrong key or corrupted data)", e);
        }
    }

    private static String sha1OfSorted(String... parts) {
        for (String part : parts) {
            Objects.requireNonNull(part, "signature parts must not be null");
        }
        String[] sorted = parts.clone();
        Arrays.sort(sorted);
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(String.join("", sorted)));
            sha1.update(bytes);
            return HexFormat.of().formatHex(sha1.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is not available", e);
        }
    }
}
