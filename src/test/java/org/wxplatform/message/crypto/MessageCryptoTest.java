package org.wxplatform.message.crypto;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.wxplatform.message.crypto.CryptoException.Reason;
import org.wxplatform.message.xml.InboundMessage;
import org.wxplatform.message.xml.InboundParser;
import org.wxplatform.message.xml.SafeXml;

class MessageCryptoTest {

    private static final byte[] JAVA_RANDOM = OfficialVectors.JAVA_RANDOM.getBytes(StandardCharsets.US_ASCII);

    private static MessageCrypto crypto(String key, byte[] fixedRandom) {
        return new MessageCrypto(EncodingAesKey.parse(key), fixedRandom::clone);
    }

    private static MessageCrypto crypto(String key) {
        return new MessageCrypto(EncodingAesKey.parse(key));
    }

    // ---- known answers from WeChat's own samples and documentation

    @Test
    void encryptWithFixedRandomEqualsTheOfficialJavaSampleCiphertexts() throws Exception {
        MessageCrypto crypto = crypto(OfficialVectors.JAVA_KEY, JAVA_RANDOM);
        assertEquals(
                OfficialVectors.JAVA_CIPHER_1,
                crypto.encrypt(OfficialVectors.JAVA_REPLY_1, OfficialVectors.JAVA_APPID));
        assertEquals(
                OfficialVectors.JAVA_CIPHER_2,
                crypto.encrypt(OfficialVectors.JAVA_REPLY_2, OfficialVectors.JAVA_APPID));
    }

    @Test
    void officialJavaSampleCiphertextsDecrypt() throws Exception {
        MessageCrypto crypto = crypto(OfficialVectors.JAVA_KEY);
        assertEquals(
                OfficialVectors.JAVA_REPLY_1,
                crypto.decrypt(OfficialVectors.JAVA_CIPHER_1, OfficialVectors.JAVA_APPID));
        assertEquals(
                OfficialVectors.JAVA_REPLY_2,
                crypto.decrypt(OfficialVectors.JAVA_CIPHER_2, OfficialVectors.JAVA_APPID));
    }

    @Test
    void officialJavaSampleRoundTripWithItsTokenTimestampAndNonce() throws Exception {
        // The sample's testNormal: encrypt a reply, sign it with pamtest/1409304348/xxxxxx, verify, decrypt.
        MessageCrypto crypto = crypto(OfficialVectors.JAVA_KEY);
        EncryptedReply reply = crypto.encryptReply(
                OfficialVectors.JAVA_TOKEN,
                OfficialVectors.JAVA_REPLY_1,
                OfficialVectors.JAVA_APPID,
                OfficialVectors.JAVA_TIMESTAMP,
                OfficialVectors.JAVA_NONCE);
        assertEquals(
                OfficialVectors.JAVA_REPLY_1,
                crypto.decryptVerified(
                        OfficialVectors.JAVA_TOKEN,
                        reply.msgSignature(),
                        OfficialVectors.JAVA_TIMESTAMP,
                        OfficialVectors.JAVA_NONCE,
                        reply.encrypt(),
                        OfficialVectors.JAVA_APPID));
        // the sample's testValidateSignatureError
        CryptoException e = assertThrows(
                CryptoException.class,
                () -> crypto.decryptVerified(
                        OfficialVectors.JAVA_TOKEN,
                        "12345",
                        OfficialVectors.JAVA_TIMESTAMP,
                        OfficialVectors.JAVA_NONCE,
                        reply.encrypt(),
                        OfficialVectors.JAVA_APPID));
        assertEquals(Reason.BAD_SIGNATURE, e.reason());
    }

    @Test
    void officialPythonSampleCallbackVerifiesDecryptsAndParses() throws Exception {
        String xml = crypto(OfficialVectors.JAVA_KEY)
                .decryptVerified(
                        OfficialVectors.PY_SAMPLE_TOKEN,
                        OfficialVectors.PY_SAMPLE_MSG_SIGNATURE,
                        OfficialVectors.PY_SAMPLE_TIMESTAMP,
                        OfficialVectors.PY_SAMPLE_NONCE,
                        OfficialVectors.PY_SAMPLE_ENCRYPT,
                        OfficialVectors.PY_SAMPLE_APPID);
        // The sample's compatible-mode body carries the same message in clear beside <Encrypt>.
        assertEquals(
                new InboundMessage.Text(
                        "gh_10f6c3c3ac5a",
                        "oyORnuP8q7ou2gfYjqLzSIWZf0rs",
                        1409735668L,
                        "6054768590064713728",
                        "abcdteT"),
                new InboundParser().parse(xml));
    }

    @Test
    void officialCppSampleCallbackVerifiesAndDecryptsToAWeChatMessage() throws Exception {
        String xml = crypto(OfficialVectors.JAVA_KEY)
                .decryptVerified(
                        OfficialVectors.PY_SAMPLE_TOKEN,
                        OfficialVectors.CPP_SAMPLE_MSG_SIGNATURE,
                        OfficialVectors.CPP_SAMPLE_TIMESTAMP,
                        OfficialVectors.CPP_SAMPLE_NONCE,
                        OfficialVectors.CPP_SAMPLE_ENCRYPT,
                        OfficialVectors.PY_SAMPLE_APPID);
        InboundMessage message = new InboundParser().parse(xml);
        assertEquals("gh_10f6c3c3ac5a", message.toUserName());
    }

    @Test
    void officialSampleSafeModeEchostrDecrypts() throws Exception {
        // 'C' = 000010: another published key with non-zero spare bits.
        String echo = crypto(OfficialVectors.WECOM_KEY)
                .decryptVerified(
                        OfficialVectors.WECOM_TOKEN,
                        OfficialVectors.WECOM_MSG_SIGNATURE,
                        OfficialVectors.WECOM_TIMESTAMP,
                        OfficialVectors.WECOM_NONCE,
                        OfficialVectors.WECOM_ECHOSTR,
                        OfficialVectors.WECOM_RECEIVE_ID);
        assertEquals("1616140317555161061", echo);
    }

    @Test
    void officialDocumentationPushDecryptsToTheDocumentedPlaintext() throws Exception {
        String xml = crypto(OfficialVectors.DOC_KEY)
                .decryptVerified(
                        OfficialVectors.DOC_TOKEN,
                        OfficialVectors.DOC_PUSH_MSG_SIGNATURE,
                        OfficialVectors.DOC_PUSH_TIMESTAMP,
                        OfficialVectors.DOC_PUSH_NONCE,
                        OfficialVectors.DOC_PUSH_ENCRYPT,
                        OfficialVectors.DOC_APPID);
        assertEquals(OfficialVectors.DOC_PUSH_MSG_LEN, xml.getBytes(StandardCharsets.UTF_8).length);
        assertEquals(OfficialVectors.DOC_PUSH_PLAINTEXT, xml);
        InboundMessage message = new InboundParser().parse(xml);
        assertEquals(
                new InboundMessage.Unknown(
                        "gh_97417a04a28d",
                        "o9AgO5Kd5ggOC-bXrbNODIiE3bGY",
                        1715943329L,
                        "event",
                        "debug_demo",
                        Map.of("debug_str", "hello world")),
                message);
    }

    @Test
    void officialDocumentationReplyEnvelopeIsReproducedExactly() {
        MessageCrypto crypto =
                crypto(OfficialVectors.DOC_KEY, OfficialVectors.DOC_REPLY_RANDOM.getBytes(StandardCharsets.US_ASCII));
        EncryptedReply reply = crypto.encryptReply(
                OfficialVectors.DOC_TOKEN,
                OfficialVectors.DOC_REPLY_PLAINTEXT,
                OfficialVectors.DOC_APPID,
                OfficialVectors.DOC_REPLY_TIMESTAMP,
                OfficialVectors.DOC_REPLY_NONCE);
        assertEquals(OfficialVectors.DOC_REPLY_ENCRYPT, reply.encrypt());
        assertEquals(OfficialVectors.DOC_REPLY_MSG_SIGNATURE, reply.msgSignature());
        // The documentation's final reply body, without its line breaks.
        assertEquals(
                "<xml><Encrypt><![CDATA[" + OfficialVectors.DOC_REPLY_ENCRYPT + "]]></Encrypt>"
                        + "<MsgSignature><![CDATA[03e0812039325c2712ef5f0f980fd14c70d6e307]]></MsgSignature>"
                        + "<TimeStamp>1713424427</TimeStamp><Nonce><![CDATA[415670741]]></Nonce></xml>",
                reply.toXml());
        // The documentation states the sizes: FullStr 90 bytes, ciphertext 96.
        assertEquals(96, Base64.getDecoder().decode(reply.encrypt()).length);
    }

    // ---- interoperability with an independent implementation, both ways

    @Test
    void ciphertextsOfAnIndependentImplementationDecrypt() throws Exception {
        ReferenceWxCrypt reference = new ReferenceWxCrypt(OfficialVectors.JAVA_KEY);
        MessageCrypto crypto = crypto(OfficialVectors.JAVA_KEY);
        Random random = new Random(20240501);
        // 0..80 characters of mixed one-, three- and four-byte UTF-8 covers every pad length 1..32.
        for (int length = 0; length <= 80; length++) {
            String xml = sampleText(random, length);
            byte[] random16 = new byte[16];
            random.nextBytes(random16);
            String cipher = reference.encrypt(random16, xml, OfficialVectors.JAVA_APPID);
            assertEquals(xml, crypto.decrypt(cipher, OfficialVectors.JAVA_APPID), "length " + length);
        }
    }

    @Test
    void ourCiphertextsDecryptInAnIndependentImplementation() throws Exception {
        ReferenceWxCrypt reference = new ReferenceWxCrypt(OfficialVectors.JAVA_KEY);
        MessageCrypto crypto = crypto(OfficialVectors.JAVA_KEY);
        Random random = new Random(20240502);
        for (int length = 0; length <= 80; length++) {
            String xml = sampleText(random, length);
            String[] decrypted = reference.decrypt(crypto.encrypt(xml, OfficialVectors.JAVA_APPID));
            assertEquals(xml, decrypted[0]);
            assertEquals(OfficialVectors.JAVA_APPID, decrypted[1]);
        }
    }

    @Test
    void everyPadLengthFromOneToThirtyTwoOccursAndIsValidPkcs7() throws Exception {
        ReferenceWxCrypt reference = new ReferenceWxCrypt(OfficialVectors.DOC_KEY);
        MessageCrypto crypto = crypto(OfficialVectors.DOC_KEY);
        boolean[] seen = new boolean[33];
        for (int length = 0; length < 32; length++) {
            String xml = "x".repeat(length);
            byte[] cipher = Base64.getDecoder().decode(crypto.encrypt(xml, "wx1"));
            assertEquals(0, cipher.length % 32, "whole 32-byte blocks");
            int pad = 32 - (20 + length + 3) % 32;
            seen[pad] = true;
            assertEquals(xml, reference.decrypt(crypto.encrypt(xml, "wx1"))[0]);
        }
        for (int pad = 1; pad <= 32; pad++) {
            assertTrue(seen[pad], "pad " + pad);
        }
    }

    @Test
    void theRandomPrefixMakesEqualMessagesEncryptDifferently() throws Exception {
        MessageCrypto crypto = crypto(OfficialVectors.JAVA_KEY);
        String a = crypto.encrypt("<xml/>", OfficialVectors.JAVA_APPID);
        String b = crypto.encrypt("<xml/>", OfficialVectors.JAVA_APPID);
        assertNotEquals(a, b);
        assertEquals(crypto.decrypt(a, OfficialVectors.JAVA_APPID), crypto.decrypt(b, OfficialVectors.JAVA_APPID));
    }

    @Test
    void emojiChineseAndNewlinesSurvive() throws Exception {
        MessageCrypto crypto = crypto(OfficialVectors.JAVA_KEY);
        String xml = "<xml><Content><![CDATA[流量 😀👍🏽\r\n第二行]]></Content></xml>";
        assertEquals(xml, crypto.decrypt(crypto.encrypt(xml, "wx1"), "wx1"));
    }

    @Test
    void isSafeToShareBetweenThreads() {
        MessageCrypto crypto = crypto(OfficialVectors.JAVA_KEY);
        List<String> failures = IntStream.range(0, 2000)
                .parallel()
                .mapToObj(i -> {
                    String xml = "<xml><n>" + i + "</n></xml>";
                    try {
                        return xml.equals(crypto.decrypt(crypto.encrypt(xml, "wx" + i), "wx" + i)) ? null : xml;
                    } catch (CryptoException e) {
                        return xml + " " + e.reason();
                    }
                })
                .filter(f -> f != null)
                .toList();
        assertEquals(List.of(), failures);
    }

    // ---- hostile and broken input: each refused with its own reason, nothing secret in the message

    @Test
    void wrongAppIdIsRefused() throws Exception {
        MessageCrypto crypto = crypto(OfficialVectors.JAVA_KEY);
        assertReason(Reason.APPID_MISMATCH, () -> crypto.decrypt(OfficialVectors.JAVA_CIPHER_1, "wxb11529c136998cb7"));
        assertReason(Reason.APPID_MISMATCH, () -> crypto.decrypt(OfficialVectors.JAVA_CIPHER_1, "wxb11529c136998cb"));
        assertReason(Reason.APPID_MISMATCH, () -> crypto.decrypt(OfficialVectors.JAVA_CIPHER_1, "wxb11529c136998cb66"));
        assertReason(Reason.APPID_MISMATCH, () -> crypto.decrypt(OfficialVectors.JAVA_CIPHER_1, ""));
    }

    @Test
    void badSignatureIsRefusedBeforeAnythingIsDecrypted() {
        MessageCrypto crypto = crypto(OfficialVectors.JAVA_KEY);
        // Garbage ciphertext: a signature check that came second would report BAD_BASE64 instead.
        assertReason(
                Reason.BAD_SIGNATURE,
                () -> crypto.decryptVerified("token", "0".repeat(40), "1", "2", "!!!not base64!!!", "wx1"));
        String validSignatureForOtherToken = Signatures.message(
                "other",
                OfficialVectors.PY_SAMPLE_TIMESTAMP,
                OfficialVectors.PY_SAMPLE_NONCE,
                OfficialVectors.PY_SAMPLE_ENCRYPT);
        assertReason(
                Reason.BAD_SIGNATURE,
                () -> crypto.decryptVerified(
                        OfficialVectors.PY_SAMPLE_TOKEN,
                        validSignatureForOtherToken,
                        OfficialVectors.PY_SAMPLE_TIMESTAMP,
                        OfficialVectors.PY_SAMPLE_NONCE,
                        OfficialVectors.PY_SAMPLE_ENCRYPT,
                        OfficialVectors.PY_SAMPLE_APPID));
        assertReason(
                Reason.BAD_SIGNATURE,
                () -> crypto.decryptVerified(
                        OfficialVectors.PY_SAMPLE_TOKEN,
                        null,
                        OfficialVectors.PY_SAMPLE_TIMESTAMP,
                        OfficialVectors.PY_SAMPLE_NONCE,
                        OfficialVectors.PY_SAMPLE_ENCRYPT,
                        OfficialVectors.PY_SAMPLE_APPID));
    }

    @ParameterizedTest
    @ValueSource(strings = {"!!!not-base64!!!", "jn1L23DB+6ELqJ+6bruv2", "jn1L 23DB", "中文"})
    void nonBase64IsRefused(String cipher) {
        assertReason(Reason.BAD_BASE64, () -> crypto(OfficialVectors.JAVA_KEY).decrypt(cipher, "wx1"));
    }

    @Test
    void truncatedCiphertextIsRefused() {
        MessageCrypto crypto = crypto(OfficialVectors.JAVA_KEY);
        String full = OfficialVectors.JAVA_CIPHER_2;
        // A length of 4n+1 characters is never base64; 4n characters are, but then end mid-block.
        String notBase64 = full.substring(0, full.length() - full.length() % 4 - 3);
        String partialBlock = full.substring(0, full.length() - full.length() % 4 - 8);
        assertEquals(1, notBase64.length() % 4);
        assertReason(Reason.BAD_BASE64, () -> crypto.decrypt(notBase64, "wx1"));
        assertReason(Reason.BAD_CIPHERTEXT, () -> crypto.decrypt(partialBlock, "wx1"));
        assertReason(Reason.BAD_BASE64, () -> crypto.decrypt(null, "wx1"));
        assertReason(Reason.BAD_CIPHERTEXT, () -> crypto.decrypt("", "wx1"));
        assertReason(
                Reason.BAD_CIPHERTEXT, () -> crypto.decrypt(Base64.getEncoder().encodeToString(new byte[33]), "wx1"));
    }

    @Test
    void oversizedCiphertextIsRefusedWithoutDecrypting() {
        String huge = Base64.getEncoder().encodeToString(new byte[(1 << 20) + 16]);
        assertReason(
                Reason.BAD_CIPHERTEXT, () -> crypto(OfficialVectors.JAVA_KEY).decrypt(huge, "wx1"));
    }

    @Test
    void wrongPaddingIsRefused() throws Exception {
        ReferenceWxCrypt reference = new ReferenceWxCrypt(OfficialVectors.JAVA_KEY);
        MessageCrypto crypto = crypto(OfficialVectors.JAVA_KEY);
        byte[] valid = plaintext("<xml/>", "wx1", 0);
        // last byte 0
        byte[] zero = valid.clone();
        zero[zero.length - 1] = 0;
        assertReason(Reason.BAD_PADDING, () -> crypto.decrypt(reference.encryptRaw(zero), "wx1"));
        // pad length 33 (over the 32-byte block)
        byte[] tooLong = valid.clone();
        tooLong[tooLong.length - 1] = 33;
        assertReason(Reason.BAD_PADDING, () -> crypto.decrypt(reference.encryptRaw(tooLong), "wx1"));
        // last byte says 5 but one of the five differs (20 + 4 + 3 + 5 = one 32-byte block)
        byte[] inconsistent = plaintext("<x/>", "wx1", 5);
        inconsistent[inconsistent.length - 3] = 4;
        assertReason(Reason.BAD_PADDING, () -> crypto.decrypt(reference.encryptRaw(inconsistent), "wx1"));
        // and the untampered block decrypts
        assertEquals("<xml/>", crypto.decrypt(reference.encryptRaw(valid), "wx1"));
    }

    @Test
    void lengthPrefixThatDoesNotFitIsRefused() throws Exception {
        ReferenceWxCrypt reference = new ReferenceWxCrypt(OfficialVectors.JAVA_KEY);
        MessageCrypto crypto = crypto(OfficialVectors.JAVA_KEY);
        byte[] tooLong = plaintext("<xml/>", "wx1", 0);
        ByteBuffer.wrap(tooLong).putInt(16, 1000);
        assertReason(Reason.BAD_LENGTH, () -> crypto.decrypt(reference.encryptRaw(tooLong), "wx1"));
        byte[] negative = plaintext("<xml/>", "wx1", 0);
        ByteBuffer.wrap(negative).putInt(16, -1);
        assertReason(Reason.BAD_LENGTH, () -> crypto.decrypt(reference.encryptRaw(negative), "wx1"));
        // 16 random bytes, then a pad of 16: no room for the length prefix at all
        byte[] noHeader = new byte[32];
        Arrays.fill(noHeader, 16, 32, (byte) 16);
        assertReason(Reason.BAD_LENGTH, () -> crypto.decrypt(reference.encryptRaw(noHeader), "wx1"));
    }

    @Test
    void invalidUtf8IsRefused() throws Exception {
        ReferenceWxCrypt reference = new ReferenceWxCrypt(OfficialVectors.JAVA_KEY);
        byte[] plain = plaintext("<x>", "wx1", 0);
        plain[20 + 1] = (byte) 0xC3; // a lead byte followed by '>' is not UTF-8
        assertReason(Reason.BAD_ENCODING, () -> crypto(OfficialVectors.JAVA_KEY)
                .decrypt(reference.encryptRaw(plain), "wx1"));
    }

    @Test
    void aCiphertextUnderAnotherKeyIsRefused() {
        CryptoException e = assertThrows(CryptoException.class, () -> crypto(OfficialVectors.DOC_KEY)
                .decrypt(OfficialVectors.JAVA_CIPHER_2, OfficialVectors.JAVA_APPID));
        assertClientSafe(e);
    }

    @Test
    void aRandomSourceOfTheWrongSizeIsAProgrammingError() {
        MessageCrypto crypto = new MessageCrypto(EncodingAesKey.parse(OfficialVectors.JAVA_KEY), () -> new byte[15]);
        assertThrows(IllegalStateException.class, () -> crypto.encrypt("<xml/>", "wx1"));
    }

    @Test
    void replyEnvelopeRefusesValuesThatCouldBreakItsXml() {
        assertThrows(IllegalArgumentException.class, () -> new EncryptedReply("abc", "def", "12a", "1"));
        assertThrows(IllegalArgumentException.class, () -> new EncryptedReply("abc", "def", "1", "a b"));
        assertThrows(IllegalArgumentException.class, () -> new EncryptedReply("abc", "def", "1", "<x>\u0000"));
        assertThrows(IllegalArgumentException.class, () -> new EncryptedReply("", "def", "1", "1"));
    }

    @Test
    void replyEnvelopeSplitsCdataTerminatorsInTheNonce() throws Exception {
        EncryptedReply reply = new EncryptedReply("abc", "def", "1", "n]]>n");
        assertTrue(reply.toXml().contains("n]]]]><![CDATA[>n"));
        assertEquals("n]]>n", new SafeXml().parse(reply.toXml()).field("Nonce"));
    }

    private static byte[] plaintext(String xml, String appId, int forcePad) {
        byte[] msg = xml.getBytes(StandardCharsets.UTF_8);
        byte[] app = appId.getBytes(StandardCharsets.UTF_8);
        int length = 20 + msg.length + app.length;
        int pad = forcePad > 0 ? forcePad : 32 - length % 32;
        int total = length + pad;
        if (total % 16 != 0) {
            throw new IllegalArgumentException("test plaintext must be block aligned");
        }
        ByteBuffer buffer = ByteBuffer.allocate(total);
        buffer.put(new byte[16]).putInt(msg.length).put(msg).put(app);
        while (buffer.hasRemaining()) {
            buffer.put((byte) pad);
        }
        return buffer.array();
    }

    private static String sampleText(Random random, int length) {
        String[] pieces = {"a", "<", "&", "中", "文", "😀", "\n", "]]>"};
        StringBuilder text = new StringBuilder();
        while (text.codePointCount(0, text.length()) < length) {
            text.append(pieces[random.nextInt(pieces.length)]);
        }
        return text.toString();
    }

    private interface Call {
        void run() throws Exception;
    }

    private static void assertReason(Reason expected, Call call) {
        CryptoException e = assertThrows(CryptoException.class, call::run);
        assertAll(() -> assertEquals(expected, e.reason()), () -> assertClientSafe(e));
    }

    private static void assertClientSafe(CryptoException e) {
        String message = e.getMessage();
        assertEquals(e.reason().text(), message);
        assertTrue(message.length() < 40, message);
        for (String secret : List.of(OfficialVectors.JAVA_KEY, OfficialVectors.DOC_KEY, "pamtest", "spamtest")) {
            assertFalse(message.contains(secret), message);
        }
    }

    @Test
    void keyBytesFeedTheCipherExactly() throws Exception {
        // The reference derives its key with the JDK decoder; equal ciphertexts mean equal key and IV.
        ReferenceWxCrypt reference = new ReferenceWxCrypt(OfficialVectors.JAVA_KEY);
        assertEquals(
                reference.encrypt(JAVA_RANDOM, "<xml>same</xml>", "wx1"),
                crypto(OfficialVectors.JAVA_KEY, JAVA_RANDOM).encrypt("<xml>same</xml>", "wx1"));
        assertArrayEquals(
                Base64.getDecoder().decode(OfficialVectors.JAVA_CIPHER_1),
                Base64.getDecoder()
                        .decode(reference.encrypt(
                                JAVA_RANDOM, OfficialVectors.JAVA_REPLY_1, OfficialVectors.JAVA_APPID)));
    }
}
