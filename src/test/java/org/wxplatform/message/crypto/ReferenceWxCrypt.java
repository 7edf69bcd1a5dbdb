package org.wxplatform.message.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A second, deliberately naive implementation of the WeChat message cipher, written from the protocol text
 * (and sharing no code with {@link MessageCrypto}), so that tests can check interoperability both ways.
 * The key comes from the JDK's base64 decoder (which ignores spare bits) rather than from
 * {@link EncodingAesKey}.
 */
final class ReferenceWxCrypt {

    private final byte[] key;

    ReferenceWxCrypt(String encodingAesKey) {
        this.key = Base64.getDecoder().decode(encodingAesKey + "=");
    }

    String encrypt(byte[] random16, String xml, String appId) throws Exception {
        byte[] msg = xml.getBytes(StandardCharsets.UTF_8);
        byte[] app = appId.getBytes(StandardCharsets.UTF_8);
        byte[] plain = new byte[16 + 4 + msg.length + app.length];
        System.arraycopy(random16, 0, plain, 0, 16);
        plain[16] = (byte) (msg.length >>> 24);
        plain[17] = (byte) (msg.length >>> 16);
        plain[18] = (byte) (msg.length >>> 8);
        plain[19] = (byte) msg.length;
        System.arraycopy(msg, 0, plain, 20, msg.length);
        System.arraycopy(app, 0, plain, 20 + msg.length, app.length);
        int pad = 32 - plain.length % 32;
        byte[] padded = Arrays.copyOf(plain, plain.length + pad);
        Arrays.fill(padded, plain.length, padded.length, (byte) pad);
        return encryptRaw(padded);
    }

    /** Encrypts a block-aligned plaintext exactly as given: for building hostile ciphertexts. */
    String encryptRaw(byte[] alignedPlaintext) throws Exception {
        Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(key, 0, 16));
        return Base64.getEncoder().encodeToString(cipher.doFinal(alignedPlaintext));
    }

    /** Returns {xml, appId}. */
    String[] decrypt(String base64) throws Exception {
        Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(key, 0, 16));
        byte[] plain = cipher.doFinal(Base64.getDecoder().decode(base64));
        int pad = plain[plain.length - 1];
        byte[] content = Arrays.copyOf(plain, plain.length - pad);
        int length = ByteBuffer.wrap(content, 16, 4).getInt();
        String xml = new String(content, 20, length, StandardCharsets.UTF_8);
        String appId = new String(content, 20 + length, content.length - 20 - length, StandardCharsets.UTF_8);
        return new String[] {xml, appId};
    }
}
