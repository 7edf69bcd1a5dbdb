package org.wxplatform.message.crypto;

import java.util.Objects;

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

    public EncryptedReply {
        requireVisible(encrypt, "encrypt");
        requireVisible(msgSignature, "msgSignature");
        requireVisible(nonce, "nonce");
        Objects.requireNonNull(timeStamp, "timeStamp");
        if (!digits(timeStamp)) {
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
        // visible ASCII without "]]>" is the rule for every value (base64, hex, WeChat's nonces)
        return value.indexOf("]]>") < 0
                ? "<![CDATA[" + value + "]]>"
                : "<![CDATA[" + value.replace("]]>", "]]]]><![CDATA[>") + "]]>";
    }

    private static void requireVisible(String value, String name) {
        Objects.requireNonNull(value, name);
        boolean visible = !value.isEmpty();
        for (int i = 0; i < value.length() && visible; i++) {
            char c = value.charAt(i);
            visible = c >= 0x21 && c <= 0x7e;
        }
        if (!visible) {
            throw new IllegalArgumentException(name + " must be non-empty visible ASCII");
        }
    }

    /** 1 to 19 decimal digits. */
    private static boolean digits(String value) {
        if (value.isEmpty() || value.length() > 19) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
