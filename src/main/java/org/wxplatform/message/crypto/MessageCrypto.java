package org.wxplatform.message.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.function.Supplier;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Message encryption of WeChat's safe and compatible modes: the algorithm of the official
 * {@code WXBizMsgCrypt} samples, so that ciphertexts from any correct implementation decrypt here and ours
 * decrypt there.
 *
 * <p>Protocol invariants this class guarantees:
 * <ul>
 *   <li>cipher: AES-256-CBC without JCE padding; key = the 32 bytes of the {@link EncodingAesKey};
 *       IV = the first 16 key bytes;
 *   <li>plaintext: 16 random bytes, the XML's UTF-8 length as a 4-byte big-endian integer, the XML in
 *       UTF-8, then the AppId in UTF-8;
 *   <li>padding: PKCS#7 to a multiple of 32 bytes (1..32 pad bytes, each equal to the pad length);
 *   <li>ciphertext: standard base64 with {@code =} padding.
 * </ul>
 *
 * <p>{@link #decrypt} checks, and refuses with a typed {@link CryptoException}: base64, a whole number of
 * AES blocks, every pad byte, the length prefix against the decrypted size, strict UTF-8, and that the
 * trailing AppId is exactly the expected one. It does not check a signature: callers decrypting a callback
 * use {@link #decryptVerified}, which checks {@code msg_signature} first so that nothing unauthenticated
 * ever reaches the padding check.
 *
 * <p>Instances are immutable and thread-safe: each thread has its own two {@link Cipher}s, initialised once
 * with the key and IV (a CBC cipher returns to that state after every {@code doFinal}), so no call pays for
 * a provider lookup or a key schedule; the random source must be thread-safe too (the default,
 * {@link SecureRandom}, is).
 */
public final class MessageCrypto {

    /** WeChat pads to the key size (32), not to the AES block size (16). */
    private static final int PAD_BLOCK = 32;

    private static final int AES_BLOCK = 16;
    private static final int RANDOM_BYTES = 16;
    private static final int HEADER_BYTES = RANDOM_BYTES + 4;

    /** Far above any callback body; stops a hostile caller from making us decrypt megabytes. */
    private static final int MAX_CIPHERTEXT_BYTES = 1 << 20;

    private static final SecureRandom SECURE_RANDOM = new SecureRandom();

    private final SecretKeySpec key;
    private final IvParameterSpec iv;
    private final Supplier<byte[]> randomBytes;
    private final ThreadLocal<Cipher> encryptors = ThreadLocal.withInitial(() -> newCipher(Cipher.ENCRYPT_MODE));
    private final ThreadLocal<Cipher> decryptors = ThreadLocal.withInitial(() -> newCipher(Cipher.DECRYPT_MODE));

    /** With a {@link SecureRandom} for the 16 random bytes of each plaintext. */
    public MessageCrypto(EncodingAesKey key) {
        this(key, MessageCrypto::secureRandomBytes);
    }

    /**
     * With a given source for the 16 random bytes that start each plaintext (tests fix it to reproduce
     * known ciphertexts).
     *
     * @param randomBytes must return exactly 16 bytes per call
     */
    public MessageCrypto(EncodingAesKey key, Supplier<byte[]> randomBytes) {
        Objects.requireNonNull(key, "key");
        this.key = new SecretKeySpec(key.bytes(), "AES");
        this.iv = new IvParameterSpec(key.iv());
        this.randomBytes = Objects.requireNonNull(randomBytes, "randomBytes");
    }

    /**
     * Encrypts {@code xml} for the account {@code appId}.
     *
     * @return the base64 ciphertext, the value of an {@code <Encrypt>} element
     */
    public String encrypt(String xml, String appId) {
        Objects.requireNonNull(xml, "xml");
        Objects.requireNonNull(appId, "appId");
        byte[] random = randomBytes.get();
        if (random == null || random.length != RANDOM_BYTES) {
            throw new IllegalStateException("random source must supply exactly " + RANDOM_BYTES + " bytes");
        }
        byte[] body = xml.getBytes(StandardCharsets.UTF_8);
        byte[] app = appId.getBytes(StandardCharsets.UTF_8);
        int unpadded = HEADER_BYTES + body.length + app.length;
        int pad = PAD_BLOCK - unpadded % PAD_BLOCK;
        ByteBuffer plain = ByteBuffer.allocate(unpadded + pad);
        plain.put(random).putInt(body.length).put(body).put(app);
        while (plain.hasRemaining()) {
            plain.put((byte) pad);
        }
        try {
            byte[] cipherText = encryptors.get().doFinal(plain.array());
            return Base64.getEncoder().encodeToString(cipherText);
        } catch (GeneralSecurityException e) {
            // Only reachable if the JDK lacks AES/CBC, which every Java SE platform must have.
            throw new IllegalStateException("AES/CBC/NoPadding is not available", e);
        }
    }

    /**
     * Decrypts an {@code <Encrypt>} value (or a safe-mode {@code echostr}) and checks that it was made for
     * {@code expectedAppId}.
     *
     * @return the XML (or echo string) exactly as encrypted, without trimming
     * @throws CryptoException with {@code BAD_BASE64}, {@code BAD_CIPHERTEXT}, {@code BAD_PADDING},
     *     {@code BAD_LENGTH}, {@code BAD_ENCODING} or {@code APPID_MISMATCH}
     */
    public String decrypt(String base64Cipher, String expectedAppId) throws CryptoException {
        Objects.requireNonNull(expectedAppId, "expectedAppId");
        if (base64Cipher == null) {
            throw new CryptoException(CryptoException.Reason.BAD_BASE64);
        }
        byte[] cipherText;
        try {
            cipherText = Base64.getDecoder().decode(base64Cipher.strip());
        } catch (IllegalArgumentException e) {
            throw new CryptoException(CryptoException.Reason.BAD_BASE64);
        }
        // A multiple of 16 rather than 32: a sender that pads to 16 still produces valid PKCS#7, and the
        // pad check below is what decides.
        if (cipherText.length == 0 || cipherText.length % AES_BLOCK != 0 || cipherText.length > MAX_CIPHERTEXT_BYTES) {
            throw new CryptoException(CryptoException.Reason.BAD_CIPHERTEXT);
        }
        byte[] plain;
        try {
            plain = decryptors.get().doFinal(cipherText);
        } catch (GeneralSecurityException e) {
            throw new CryptoException(CryptoException.Reason.INTERNAL, e);
        }
        int contentEnd = plain.length - checkedPadLength(plain);
        if (contentEnd < HEADER_BYTES) {
            throw new CryptoException(CryptoException.Reason.BAD_LENGTH);
        }
        int xmlLength = ByteBuffer.wrap(plain, RANDOM_BYTES, 4).getInt();
        if (xmlLength < 0 || xmlLength > contentEnd - HEADER_BYTES) {
            throw new CryptoException(CryptoException.Reason.BAD_LENGTH);
        }
        int xmlEnd = HEADER_BYTES + xmlLength;
        byte[] appId = Arrays.copyOfRange(plain, xmlEnd, contentEnd);
        if (!MessageDigest.isEqual(appId, expectedAppId.getBytes(StandardCharsets.UTF_8))) {
            throw new CryptoException(CryptoException.Reason.APPID_MISMATCH);
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(plain, HEADER_BYTES, xmlLength))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new CryptoException(CryptoException.Reason.BAD_ENCODING);
        }
    }

    /**
     * Checks {@code msg_signature = sha1(sort(token, timestamp, nonce, encrypt))}, then decrypts.
     *
     * @throws CryptoException {@code BAD_SIGNATURE} before any decryption, or any reason of {@link #decrypt}
     */
    public String decryptVerified(
            String token, String msgSignature, String timestamp, String nonce, String encrypt, String expectedAppId)
            throws CryptoException {
        if (!Signatures.verifyMessage(msgSignature, token, timestamp, nonce, encrypt)) {
            throw new CryptoException(CryptoException.Reason.BAD_SIGNATURE);
        }
        return decrypt(encrypt, expectedAppId);
    }

    /**
     * Encrypts a passive reply and signs it: the four values of the safe-mode reply envelope, where
     * {@code MsgSignature = sha1(sort(token, timestamp, nonce, Encrypt))}.
     *
     * @param timestamp seconds, as decimal digits (WeChat's samples use the current time)
     * @param nonce echoed from the callback's {@code nonce} parameter, as the official samples do
     */
    public EncryptedReply encryptReply(String token, String xml, String appId, String timestamp, String nonce) {
        String encrypt = encrypt(xml, appId);
        return new EncryptedReply(encrypt, Signatures.message(token, timestamp, nonce, encrypt), timestamp, nonce);
    }

    private static int checkedPadLength(byte[] plain) throws CryptoException {
        int pad = plain[plain.length - 1] & 0xff;
        if (pad < 1 || pad > PAD_BLOCK || pad > plain.length) {
            throw new CryptoException(CryptoException.Reason.BAD_PADDING);
        }
        for (int i = plain.length - pad; i < plain.length; i++) {
            if ((plain[i] & 0xff) != pad) {
                throw new CryptoException(CryptoException.Reason.BAD_PADDING);
            }
        }
        return pad;
    }

    private Cipher newCipher(int mode) {
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
            cipher.init(mode, key, iv);
            return cipher;
        } catch (GeneralSecurityException e) {
            // Only reachable if the JDK lacks AES/CBC, which every Java SE platform must have.
            throw new IllegalStateException("AES/CBC/NoPadding is not available", e);
        }
    }

    private static byte[] secureRandomBytes() {
        byte[] bytes = new byte[RANDOM_BYTES];
        SECURE_RANDOM.nextBytes(bytes);
        return bytes;
    }
}
