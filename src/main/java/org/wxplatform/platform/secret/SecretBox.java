package org.wxplatform.platform.secret;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.wxplatform.platform.config.Settings;

/**
 * Encryption at rest of the accounts' secrets (AppSecret, Token, EncodingAESKey): AES-256-GCM under a
 * key kept outside the database, {@code s1:{key id}:{base64 of iv, ciphertext and tag}}. The key id is
 * the start of the key's SHA-256, so a value names the key that sealed it and keys can be rotated:
 * {@code WXP_SECRET_KEY} seals (and opens), {@code WXP_SECRET_KEY_OLD} only opens; at start-up every
 * value not sealed under the current key is sealed again ({@code SecretReseal}). Keys are 32 bytes,
 * base64, given directly or as a file ({@code WXP_SECRET_KEY_FILE}, {@code WXP_SECRET_KEY_OLD_FILE}).
 *
 * <p>Without a key, values are kept as they are (a warning at start-up says so); values that were
 * never sealed are read as they are, so a database from before this existed keeps working.
 */
public final class SecretBox {

    public static final String PREFIX = "s1:";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String currentId;
    private final Map<String, SecretKeySpec> keys;

    /** {@code current} may be null (no sealing); {@code old} may be null. */
    public SecretBox(byte[] current, byte[] old) {
        Map<String, SecretKeySpec> k = new LinkedHashMap<>();
        this.currentId = current == null ? null : add(k, current);
        if (old != null) {
            add(k, old);
        }
        this.keys = Map.copyOf(k);
    }

    private static String add(Map<String, SecretKeySpec> keys, byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("a secret key is 32 bytes (base64: 44 characters), not " + key.length);
        }
        String id = keyId(key);
        keys.put(id, new SecretKeySpec(key, "AES"));
        return id;
    }

    private static volatile SecretBox configured;

    /** The box of this node's settings. */
    public static SecretBox configured() {
        SecretBox b = configured;
        if (b == null) {
            synchronized (SecretBox.class) {
                if (configured == null) {
                    configured = new SecretBox(key("WXP_SECRET_KEY"), key("WXP_SECRET_KEY_OLD"));
                }
                b = configured;
            }
        }
        return b;
    }

    private static byte[] key(String name) {
        String value = Settings.get(name, null);
        String file = Settings.get(name + "_FILE", null);
        if ((value == null || value.isBlank()) && file != null && !file.isBlank()) {
            try {
                value = Files.readString(Path.of(file), StandardCharsets.US_ASCII);
            } catch (IOException e) {
                throw new IllegalStateException(name + "_FILE cannot be read: " + e.getMessage(), e);
            }
        }
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(value.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(name + " is not base64", e);
        }
    }

    public boolean sealing() {
        return currentId != null;
    }

    /** True when {@code stored} is sealed under the current key (nothing to do for it). */
    public boolean isCurrent(String stored) {
        return stored == null || (currentId == null ? !isSealed(stored) : stored.startsWith(PREFIX + currentId + ":"));
    }

    public static boolean isSealed(String stored) {
        return stored != null && stored.startsWith(PREFIX);
    }

    /** Sealed under the current key; as it is when there is no key. */
    public String seal(String clear) {
        if (clear == null || currentId == null) {
            return clear;
        }
        try {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, keys.get(currentId), new GCMParameterSpec(TAG_BITS, iv));
            c.updateAAD(currentId.getBytes(StandardCharsets.US_ASCII));
            byte[] sealed = c.doFinal(clear.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[iv.length + sealed.length];
            System.arraycopy(iv, 0, out, 0, iv.length);
            System.arraycopy(sealed, 0, out, iv.length, sealed.length);
            return PREFIX + currentId + ":"
                    + Base64.getEncoder().withoutPadding().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("sealing failed", e);
        }
    }

    /** The clear value; a value that was never sealed is returned as it is. */
    public String open(String stored) {
        if (!isSealed(stored)) {
            return stored;
        }
        int colon = stored.indexOf(':', PREFIX.length());
        if (colon < 0) {
            throw new SecretException("a sealed value without a key id");
        }
        String id = stored.substring(PREFIX.length(), colon);
        SecretKeySpec key = keys.get(id);
        if (key == null) {
            throw new SecretException(
                    "sealed under key " + id + ", which is neither WXP_SECRET_KEY nor WXP_SECRET_KEY_OLD");
        }
        try {
            byte[] in = Base64.getDecoder().decode(stored.substring(colon + 1));
            if (in.length < IV_BYTES + TAG_BITS / 8) {
                throw new SecretException("a sealed value too short");
            }
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, IV_BYTES));
            c.updateAAD(id.getBytes(StandardCharsets.US_ASCII));
            return new String(c.doFinal(in, IV_BYTES, in.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new SecretException("a sealed value was altered or sealed under another key with the same id");
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new SecretException("a sealed value cannot be opened: " + e.getMessage());
        }
    }

    static String keyId(byte[] key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key), 0, 4);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A value that cannot be opened: altered, or sealed under a key this node does not have. */
    public static final class SecretException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SecretException(String message) {
            super(message);
        }
    }
}
