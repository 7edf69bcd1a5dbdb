package org.wxplatform.message.crypto;

import java.util.Objects;

/**
 * A callback or reply that failed the protocol's cryptographic checks.
 *
 * <p>{@link #getMessage()} is a short fixed text per {@link Reason}: it never contains the key, the token,
 * the ciphertext or decrypted bytes, so it may be logged and shown to a client as is.
 */
public final class CryptoException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why a message was refused. */
    public enum Reason {
        /** {@code msg_signature} does not match. */
        BAD_SIGNATURE("signature mismatch"),
        /** The ciphertext is not valid base64. */
        BAD_BASE64("ciphertext is not valid base64"),
        /** The ciphertext is empty, too large, or not a whole number of AES blocks. */
        BAD_CIPHERTEXT("ciphertext has an invalid size"),
        /** The PKCS#7 padding (1..32 bytes, all equal to the pad length) is wrong. */
        BAD_PADDING("invalid padding"),
        /** The 4-byte length prefix does not fit the decrypted plaintext. */
        BAD_LENGTH("invalid message length"),
        /** The message bytes are not valid UTF-8. */
        BAD_ENCODING("message is not valid UTF-8"),
        /** The trailing AppId is not the account's. */
        APPID_MISMATCH("AppId mismatch"),
        /** The JDK refused an operation that every Java SE platform supports. */
        INTERNAL("encryption failed");

        private final String text;

        Reason(String text) {
            this.text = text;
        }

        /** The client-safe text for this reason. */
        public String text() {
            return text;
        }
    }

    private final Reason reason;

    public CryptoException(Reason reason) {
        super(Objects.requireNonNull(reason).text());
        this.reason = reason;
    }

    /** For {@link Reason#INTERNAL}: keeps the JDK's exception for the server log only. */
    public CryptoException(Reason reason, Throwable cause) {
        super(Objects.requireNonNull(reason).text(), cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
