package org.wxplatform.message.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The SHA-1 signatures of the WeChat callback protocol.
 *
 * <p>Guarantees:
 * <ul>
 *   <li>{@link #handshake} is {@code sha1(sort(token, timestamp, nonce))}, the {@code signature} query
 *       parameter of every callback (GET handshake and POST);
 *   <li>{@link #message} is {@code sha1(sort(token, timestamp, nonce, encrypt))}, the {@code msg_signature}
 *       of safe/compatible mode and the {@code MsgSignature} of an encrypted reply;
 *   <li>sorting is plain lexicographic {@link String} order and the parts are concatenated without a
 *       separator, exactly as the official samples do; the digest is over UTF-8 and rendered as 40
 *       lowercase hex digits;
 *   <li>the {@code verify*} methods compare in constant time and return {@code false} (never throw) for
 *       a missing or malformed signature or parameter, so an endpoint can map {@code false} to 403.
 * </ul>
 */
public final class Signatures {

    private static final HexFormat HEX = HexFormat.of();

    /** One SHA-1 per thread: {@link MessageDigest#getInstance} is a provider lookup per call. */
    private static final ThreadLocal<MessageDigest> SHA1 = ThreadLocal.withInitial(Signatures::newSha1);

    private Signatures() {}

    /** {@code sha1(sort(token, timestamp, nonce))} as lowercase hex. */
    public static String handshake(String token, String timestamp, String nonce) {
        return sign(token, timestamp, nonce);
    }

    /** {@code sha1(sort(token, timestamp, nonce, encrypt))} as lowercase hex. */
    public static String message(String token, String timestamp, String nonce, String encrypt) {
        return sign(token, timestamp, nonce, encrypt);
    }

    /**
     * SHA-1 over the sorted, concatenated parts, as lowercase hex.
     *
     * @throws NullPointerException if a part is null (a missing parameter is the caller's 403, not a
     *     signature over "null")
     */
    public static String sign(String... parts) {
        String[] sorted = parts.clone();
        for (String part : sorted) {
            Objects.requireNonNull(part, "signature part");
        }
        Arrays.sort(sorted);
        MessageDigest sha1 = sha1();
        sha1.reset();
        for (String part : sorted) {
            sha1.update(part.getBytes(StandardCharsets.UTF_8));
        }
        return HEX.formatHex(sha1.digest());
    }

    /** Whether {@code signature} is the handshake signature of the other three values. */
    public static boolean verifyHandshake(String signature, String token, String timestamp, String nonce) {
        if (token == null || timestamp == null || nonce == null) {
            return false;
        }
        return matches(handshake(token, timestamp, nonce), signature);
    }

    /** Whether {@code msgSignature} is the message signature of the other four values. */
    public static boolean verifyMessage(
            String msgSignature, String token, String timestamp, String nonce, String encrypt) {
        if (token == null || timestamp == null || nonce == null || encrypt == null) {
            return false;
        }
        return matches(message(token, timestamp, nonce, encrypt), msgSignature);
    }

    /**
     * Constant-time comparison of an expected signature with one received from the network. WeChat sends
     * lowercase hex; anything else does not match.
     */
    public static boolean matches(String expected, String provided) {
        if (expected == null || provided == null) {
            return false;
        }
        // isEqual does not short-circuit on the first differing byte, so response time leaks nothing
        // about how much of a forged signature was right.
        return MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.US_ASCII), provided.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * This thread's SHA-1, for a digest that is complete before the next call on the thread ({@code digest}
     * resets it).
     */
    public static MessageDigest sha1() {
        return SHA1.get();
    }

    /** SHA-1 of {@code bytes} as 40 lowercase hex digits. */
    public static String sha1Hex(byte[] bytes) {
        MessageDigest sha1 = sha1();
        sha1.reset();
        return HEX.formatHex(sha1.digest(bytes));
    }

    private static MessageDigest newSha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            // Every Java SE platform must provide SHA-1.
            throw new IllegalStateException("SHA-1 is not available", e);
        }
    }
}
