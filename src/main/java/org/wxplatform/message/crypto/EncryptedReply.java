package org.wxplatform.message.crypto;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The safe-mode reply envelope: what the callback answers instead of the plaintext reply XML.
 *
 * <p>{@link #toXml()} renders the official format
 * {@code <xml><Encrypt><![CDATA[..]]></Encrypt><MsgSignature><![CDATA[..]]></MsgSignature>
 * <TimeStamp>..</TimeStamp><Nonce><![CDATA[..]]></Nonce></xml>}. The constructor guarantees that every value
 * is safe in that position: the timestamp is decimal digits (it is written outside CDATA) and the other
 * values are visible ASCII.
 *
 * @param encrypt base64 ciphertext
 * @param msgSignature {@code sha1(sort(token, timeStamp, nonce, encrypt))}
 * @param timeStamp seconds, decimal
 * @param nonce the callback's nonce
 */
public record EncryptedReply(String encrypt, String msgSignature, String timeStamp, String nonce) {

    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,19}");
    private static final Pattern VISIBLE_ASCII = Pattern.compile("[\\x21-\\x7e]+");

    public EncryptedReply {
        requireVisible(encrypt, "encrypt");
        requireVisible(msgSignature, "msgSignature");
        requireVisible(nonce, "nonce");
        Objects.requireNonNull(timeStamp, "timeStamp");
        if (!DIGITS.matcher(timeStamp).matches()) {
            throw new IllegalArgumentException("timeStamp must be decimal seconds");
        }
    }

    /** The envelope XML, ready to be the body of the callback's answer. */
    public String toXml() {
        return "<xml><Encrypt>" + cdata(encrypt) + "</Encrypt><MsgSignature>" + cdata(msgSignature)
                + "</MsgSignature><TimeStamp>" + timeStamp + "</TimeStamp><Nonce>" + cdata(nonce)
                + "</Nonce></xml>";
    }

    private static String cdata(String value) {
        // "]]>" would end the section early; the standard split keeps the text intact.
        return "<![CDATA[" + value.replace("]]>", "]]]]><![CDATA[>") + "]]>";
    }

    private static void requireVisible(String value, String name) {
        Objects.requireNonNull(value, name);
        if (!VISIBLE_ASCII.matcher(value).matches()) {
            throw new IllegalArgumentException(name + " must be non-empty visible ASCII");
        }
    }
}
