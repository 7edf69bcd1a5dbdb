package org.wxplatform.sandbox.wechat;

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
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Known answers are WeChat's published vectors, repeated literally here (this package may not use the
 * product's test sources); each test names its source. None is computed by the code under test.
 */
class WeChatCryptoTest {

    // Official Java sample (WXBizMsgCryptTest testAesEncrypt / testAesEncrypt2; also WxJava's WxCryptUtilTest).
    private static final String JAVA_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    private static final String JAVA_TOKEN = "pamtest";
    private static final String JAVA_APPID = "wxb11529c136998cb6";
    private static final byte[] JAVA_RANDOM = "aaaabbbbccccdddd".getBytes(StandardCharsets.US_ASCII);
    private static final String JAVA_REPLY_1 = "我是中文abcd123";
    private static final String JAVA_CIPHER_1 =
            "jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==";
    private static final String JAVA_REPLY_2 =
            "<xml><ToUserName><![CDATA[oia2Tj我是中文jewbmiOUlr6X-1crbLOvLw]]></ToUserName>"
                    + "<FromUserName><![CDATA[gh_7f083739789a]]></FromUserName><CreateTime>1407743423</CreateTime>"
                    + "<MsgType><![CDATA[video]]></MsgType><Video><MediaId><![CDATA[eYJ1MbwPRJtOvIEabaxHs7TX2D-HV71s79GUxqdUkjm6Gs2Ed1KF3ulAOA9H1xG0]]></MediaId>"
                    + "<Title><![CDATA[testCallBackReplyVideo]]></Title><Description><![CDATA[testCallBackReplyVideo]]></Description>"
                    + "</Video></xml>";
    private static final String JAVA_CIPHER_2 =
            "jn1L23DB+6ELqJ+6bruv23M2GmYfkv0xBh2h+XTBOKVKcgDFHle6gqcZ1cZrk3e1qjPQ1F4RsLWzQRG9udbKWesxlkupqcEcW7ZQweImX9+wLMa0GaUzpkycA8+IamDBxn5loLgZpnS7fVAbExOkK5DYHBmv5tptA9tklE/fTIILHR8HLXa5nQvFb3tYPKAlHF3rtTeayNf0QuM+UW/wM9enGIDIJHF7CLHiDNAYxr+r+OrJCmPQyTy8cVWlu9iSvOHPT/77bZqJucQHQ04sq7KZI27OcqpQNSto2OdHCoTccjggX5Z9Mma0nMJBU+jLKJ38YB1fBIz+vBzsYjrTmFQ44YfeEuZ+xRTQwr92vhA9OxchWVINGC50qE/6lmkwWTwGX9wtQpsJKhP+oS7rvTY8+VdzETdfakjkwQ5/Xka042OlUb1/slTwo4RscuQ+RdxSGvDahxAJ6+EAjLt9d8igHngxIbf6YyqqROxuxqIeIch3CssH/LqRs+iAcILvApYZckqmA7FNERspKA5f8GoJ9sv8xmGvZ9Yrf57cExWtnX8aCMMaBropU/1k+hKP5LVdzbWCG0hGwx/dQudYR/eXp3P0XxjlFiy+9DMlaFExWUZQDajPkdPrEeOwofJb";

    // Official Python sample (Sample.py), decrypt example; its key is JAVA_KEY.
    private static final String PY_TOKEN = "spamtest";
    private static final String PY_APPID = "wx2c2769f8efd9abc2";
    private static final String PY_TIMESTAMP = "1409735669";
    private static final String PY_NONCE = "1320562132";
    private static final String PY_MSG_SIGNATURE = "5d197aaffba7e9b25a30732f161a50dee96bd5fa";
    private static final String PY_ENCRYPT =
            "hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE=";

    // Official C++ sample (Sample.cpp), decrypt example; token and AppId as in the Python sample.
    private static final String CPP_TIMESTAMP = "1410349438";
    private static final String CPP_NONCE = "298025754";
    private static final String CPP_MSG_SIGNATURE = "003fee52ecc56afb46c00b5c7721be87860ce785";
    private static final String CPP_ENCRYPT = "mfBCs65c67CeJw22u4VT2TD73q5H06+ocrAIxswCaeZ/d/Lw"
            + "0msSZFHY0teqgSYiI1zR2gD2DKrB3TIrmX/liNSDrGqS8jSI/"
            + "WPeKB5VPr7Ezr7gomZAyGCwJSgT1TRFWPfONGJMxuj2nk4faTu"
            + "spAuVIFQ6SHwZuJBZC7mcJp7Cgr9cUhATQWDbOPaE7ukZBTV2Yq"
            + "yzH+UI2AK+J1S47cE79k1RX8t0hcTz/O0hlK8DGXKnvYv88qKQcI"
            + "7z4iaajqHfRVZKBNyOODabs+It+ZfM3dWTeFcPgDbGtIEnpt/EDtu"
            + "uA/zMvtkaKdHdswPnVZQ+xdwbYr3ldGvfT8HlEYEgkgKaThxTFobVl"
            + "wzu2ZkXCjicbP3xdr15Iq48ObgzPpqYuZ3IEoyggZDKClquk0u0orMck4GTF/XyE8yGzc4=";

    // Official Java sample's testVerifyUrl (the enterprise variant: the AppId position holds the CorpID).
    private static final String WECOM_TOKEN = "QDG6eK";
    private static final String WECOM_KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";
    private static final String WECOM_RECEIVE_ID = "wx5823bf96d3bd56c7";
    private static final String WECOM_MSG_SIGNATURE = "5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3";
    private static final String WECOM_TIMESTAMP = "1409659589";
    private static final String WECOM_NONCE = "263014780";
    private static final String WECOM_ECHOSTR =
            "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==";

    // WeChat Open Platform documentation, "消息推送", worked example.
    private static final String DOC_TOKEN = "AAAAA";
    private static final String DOC_KEY = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    private static final String DOC_APPID = "wx134c8103faa5a59e";
    private static final String DOC_PUSH_TIMESTAMP = "1715943329";
    private static final String DOC_PUSH_NONCE = "1590219412";
    private static final String DOC_PUSH_SIGNATURE = "cc0c594499c1634947d5b502f158ee518947db27";
    private static final String DOC_PUSH_MSG_SIGNATURE = "6c12a4205838198b8fa631b3220723bb07f1015c";
    private static final String DOC_PUSH_ENCRYPT =
            "D7yzvUNAL930rd28wf21s4hvXhz0L6Uit/p2Di6C5DHyYGpEgdBRnKjBec34JwoQXicwaZC7fOVihW80F4VtsdvE//1vr7oAbqjDv8KenVp+ajKYpJnyQ4zMRhIC+a31fCVOMC03FfzV/QuC94kBP55a+Za3sJgvAn+ZbsNqZI5DkyuzkhQN8OBqCzFhizGmy0xpM0MEA4agpvE+RuNO1rhHTtuJB5yltw1FiYzecSXJ+y/D2r81VkRn2eYjh2ltsoyfbDR7Is6ookXIFxTfyeNyeHxMeT4KN5WpCDmSbTcUYrbBUlkGLJ9n/rU8YOywma6G7aTb7KZKOqCxgfoUlYEZPk4FUL/TK7ShriFDMVCLyjQJ15Ob++agDWtcxhfUfe6HIoIpRW8mKNBQiY/Jd1svvuskA1wLef1RTtzKfMpagSCX/laZINmdnX4zrF6kIaR9P4xQrWXbsTFHTYe0Mg==";
    private static final String DOC_PUSH_PLAINTEXT = "<xml><ToUserName><![CDATA[gh_97417a04a28d]]></ToUserName>\n"
            + "<FromUserName><![CDATA[o9AgO5Kd5ggOC-bXrbNODIiE3bGY]]></FromUserName>\n"
            + "<CreateTime>1715943329</CreateTime>\n"
            + "<MsgType><![CDATA[event]]></MsgType>\n"
            + "<Event><![CDATA[debug_demo]]></Event>\n"
            + "<debug_str><![CDATA[hello world]]></debug_str>\n"
            + "</xml>";
    private static final byte[] DOC_REPLY_RANDOM = "999951349e8ee746".getBytes(StandardCharsets.US_ASCII);
    private static final String DOC_REPLY_PLAINTEXT = "<xml><demo_resp>[CDATA[good luck]]</demo_resp></xml>";
    private static final String DOC_REPLY_TIMESTAMP = "1713424427";
    private static final String DOC_REPLY_NONCE = "415670741";
    private static final String DOC_REPLY_MSG_SIGNATURE = "03e0812039325c2712ef5f0f980fd14c70d6e307";
    private static final String DOC_REPLY_ENCRYPT =
            "hE8R6mGXHkJJjU72KxzKUd1GEkKJaEZq7vRL8XgK3o+00k8JGq6+pZJUIlTSyhsX+bxIBQ72g3GyvDdIZcr6+3HAZbSvPT9t/o11MI7d6WELwqrGd7jMnV0zv3Zc9Nq7";

    // ---- signatures

    /** wechatpy, tests/test_utils.py test_check_signature_should_ok. */
    @Test
    void handshakeSignatureKnownAnswerFromWechatpy() {
        assertEquals("f21891de399b4e33a1a93c9a7b8a8fffb5a443ff", WeChatCrypto.sign("test", "1410685589", "test"));
    }

    @Test
    void handshakeAndMessageSignaturesOfTheDocumentationExample() {
        assertEquals(DOC_PUSH_SIGNATURE, WeChatCrypto.sign(DOC_TOKEN, DOC_PUSH_TIMESTAMP, DOC_PUSH_NONCE));
        assertEquals(
                DOC_PUSH_MSG_SIGNATURE,
                WeChatCrypto.sign(DOC_TOKEN, DOC_PUSH_TIMESTAMP, DOC_PUSH_NONCE, DOC_PUSH_ENCRYPT));
        assertEquals(
                DOC_REPLY_MSG_SIGNATURE,
                WeChatCrypto.sign(DOC_TOKEN, DOC_REPLY_TIMESTAMP, DOC_REPLY_NONCE, DOC_REPLY_ENCRYPT));
    }

    @Test
    void messageSignaturesOfThePythonAndCppSamples() {
        assertEquals(PY_MSG_SIGNATURE, WeChatCrypto.sign(PY_TOKEN, PY_TIMESTAMP, PY_NONCE, PY_ENCRYPT));
        assertEquals(CPP_MSG_SIGNATURE, WeChatCrypto.sign(PY_TOKEN, CPP_TIMESTAMP, CPP_NONCE, CPP_ENCRYPT));
    }

    @Test
    void signatureMatchingIsExactAndRefusesNull() {
        assertTrue(WeChatCrypto.signaturesMatch(DOC_PUSH_SIGNATURE, DOC_PUSH_SIGNATURE));
        assertFalse(WeChatCrypto.signaturesMatch(DOC_PUSH_SIGNATURE, DOC_PUSH_SIGNATURE.toUpperCase()));
        assertFalse(WeChatCrypto.signaturesMatch(DOC_PUSH_SIGNATURE, DOC_PUSH_SIGNATURE.substring(1)));
        assertFalse(WeChatCrypto.signaturesMatch(DOC_PUSH_SIGNATURE, null));
        assertFalse(WeChatCrypto.signaturesMatch(null, DOC_PUSH_SIGNATURE));
    }

    // ---- encryption, known answers

    @Test
    void encryptWithTheSamplesRandomBytesGivesTheOfficialJavaCiphertexts() {
        WeChatCrypto crypto = new WeChatCrypto(JAVA_KEY);
        assertEquals(JAVA_CIPHER_1, crypto.encrypt(JAVA_REPLY_1, JAVA_APPID, JAVA_RANDOM));
        assertEquals(JAVA_CIPHER_2, crypto.encrypt(JAVA_REPLY_2, JAVA_APPID, JAVA_RANDOM));
    }

    @Test
    void officialJavaCiphertextsDecrypt() {
        WeChatCrypto crypto = new WeChatCrypto(JAVA_KEY);
        assertEquals(JAVA_REPLY_1, crypto.decrypt(JAVA_CIPHER_1, JAVA_APPID));
        assertEquals(JAVA_REPLY_2, crypto.decrypt(JAVA_CIPHER_2, JAVA_APPID));
    }

    @Test
    void officialJavaSampleRoundTripWithItsTokenAndItsSignatureErrorCase() {
        // the sample's testNormal and testValidateSignatureError: timestamp 1409304348, nonce xxxxxx
        WeChatCrypto crypto = new WeChatCrypto(JAVA_KEY);
        String encrypt = crypto.encrypt(JAVA_REPLY_2, JAVA_APPID);
        String signature = WeChatCrypto.sign(JAVA_TOKEN, "1409304348", "xxxxxx", encrypt);
        assertEquals(
                JAVA_REPLY_2,
                crypto.decryptVerified(JAVA_TOKEN, signature, "1409304348", "xxxxxx", encrypt, JAVA_APPID));
        WeChatCryptoException e = assertThrows(
                WeChatCryptoException.class,
                () -> crypto.decryptVerified(JAVA_TOKEN, "12345", "1409304348", "xxxxxx", encrypt, JAVA_APPID));
        assertTrue(e.getMessage().contains("signature"), e.getMessage());
    }

    @Test
    void officialPythonSampleCallbackVerifiesAndDecrypts() {
        String xml = new WeChatCrypto(JAVA_KEY)
                .decryptVerified(PY_TOKEN, PY_MSG_SIGNATURE, PY_TIMESTAMP, PY_NONCE, PY_ENCRYPT, PY_APPID);
        assertTrue(xml.contains("<ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName>"), xml);
        assertTrue(xml.contains("<FromUserName><![CDATA[oyORnuP8q7ou2gfYjqLzSIWZf0rs]]></FromUserName>"), xml);
        assertTrue(xml.contains("<Content><![CDATA[abcdteT]]></Content>"), xml);
        assertTrue(xml.contains("<MsgId>6054768590064713728</MsgId>"), xml);
    }

    @Test
    void officialCppSampleCallbackVerifiesAndDecrypts() {
        String xml = new WeChatCrypto(JAVA_KEY)
                .decryptVerified(PY_TOKEN, CPP_MSG_SIGNATURE, CPP_TIMESTAMP, CPP_NONCE, CPP_ENCRYPT, PY_APPID);
        assertTrue(xml.startsWith("<xml>") && xml.contains("gh_10f6c3c3ac5a"), xml);
    }

    @Test
    void officialSafeModeEchostrDecryptsWithAKeyWhoseSpareBitsAreSet() {
        // 'C' = 000010: the low spare bit is set
        assertEquals(
                "1616140317555161061",
                new WeChatCrypto(WECOM_KEY)
                        .decryptVerified(
                                WECOM_TOKEN,
                                WECOM_MSG_SIGNATURE,
                                WECOM_TIMESTAMP,
                                WECOM_NONCE,
                                WECOM_ECHOSTR,
                                WECOM_RECEIVE_ID));
    }

    @Test
    void documentationPushDecryptsToTheDocumentedPlaintextOf292Bytes() {
        String xml = new WeChatCrypto(DOC_KEY)
                .decryptVerified(
                        DOC_TOKEN,
                        DOC_PUSH_MSG_SIGNATURE,
                        DOC_PUSH_TIMESTAMP,
                        DOC_PUSH_NONCE,
                        DOC_PUSH_ENCRYPT,
                        DOC_APPID);
        assertEquals(DOC_PUSH_PLAINTEXT, xml);
        assertEquals(292, xml.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void documentationReplyIsReproducedExactly() {
        String encrypt = new WeChatCrypto(DOC_KEY).encrypt(DOC_REPLY_PLAINTEXT, DOC_APPID, DOC_REPLY_RANDOM);
        assertEquals(DOC_REPLY_ENCRYPT, encrypt);
        // the documentation: FullStr of 90 bytes, 96 bytes of ciphertext
        assertEquals(96, Base64.getDecoder().decode(encrypt).length);
        assertEquals(DOC_REPLY_PLAINTEXT, new WeChatCrypto(DOC_KEY).decrypt(DOC_REPLY_ENCRYPT, DOC_APPID));
    }

    // ---- the EncodingAESKey

    @Test
    void spareBitsOfTheLastKeyCharacterAreIgnored() {
        // 'G' (000110) has spare bits 10; 'E' (000100) is the same key with them cleared
        byte[] withSpareBits = WeChatCrypto.aesKey(JAVA_KEY);
        byte[] cleared = WeChatCrypto.aesKey(JAVA_KEY.substring(0, 42) + "E");
        assertArrayEquals(cleared, withSpareBits);
        assertEquals(32, withSpareBits.length);
        assertArrayEquals(
                Base64.getDecoder().decode(JAVA_KEY.substring(0, 42) + "E="), withSpareBits, "base64(key + '=')");
        assertNotEquals(
                Arrays.toString(withSpareBits),
                Arrays.toString(WeChatCrypto.aesKey(JAVA_KEY.substring(0, 42) + "I")),
                "a change above the spare bits is a different key");
    }

    @Test
    void keysThatAreNot43Base64CharactersAreRefusedWithoutShowingThem() {
        String secretLooking = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEF";
        IllegalArgumentException tooShort =
                assertThrows(IllegalArgumentException.class, () -> new WeChatCrypto(secretLooking));
        assertFalse(tooShort.getMessage().contains(secretLooking));
        assertThrows(IllegalArgumentException.class, () -> new WeChatCrypto(secretLooking + "GG"));
        assertThrows(IllegalArgumentException.class, () -> new WeChatCrypto(null));
        IllegalArgumentException badChar = assertThrows(
                IllegalArgumentException.class,
                () -> new WeChatCrypto(JAVA_KEY.substring(0, 10) + "-" + JAVA_KEY.substring(11)));
        assertTrue(badChar.getMessage().contains("11"), badChar.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new WeChatCrypto(JAVA_KEY.substring(0, 42) + "="));
    }

    // ---- round trips and the checks of decrypt

    @Test
    void everyPadLengthRoundTripsAndMatchesTheLayoutOfTheProtocol() throws Exception {
        WeChatCrypto crypto = new WeChatCrypto(JAVA_KEY);
        byte[] key = WeChatCrypto.aesKey(JAVA_KEY);
        Random random = new Random(42);
        Set<Integer> pads = new HashSet<>();
        for (int length = 0; length < 70; length++) {
            // one byte longer each round, so every pad length 1..32 comes up; multi-byte text on odd rounds
            String xml = length % 2 == 0
                    ? "<xml>" + "x".repeat(length) + "</xml>"
                    : "<xml>中😀" + "x".repeat(length - 1) + "</xml>";
            byte[] random16 = new byte[16];
            random.nextBytes(random16);
            String encrypt = crypto.encrypt(xml, JAVA_APPID, random16);
            assertEquals(xml, crypto.decrypt(encrypt, JAVA_APPID));

            // decrypt with the JDK's own primitive and check the layout byte by byte
            Cipher aes = Cipher.getInstance("AES/CBC/NoPadding");
            aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(Arrays.copyOf(key, 16)));
            byte[] plain = aes.doFinal(Base64.getDecoder().decode(encrypt));
            assertEquals(0, plain.length % 32);
            int pad = plain[plain.length - 1];
            pads.add(pad);
            byte[] xmlBytes = xml.getBytes(StandardCharsets.UTF_8);
            assertArrayEquals(random16, Arrays.copyOf(plain, 16));
            assertEquals(xmlBytes.length, ByteBuffer.wrap(plain, 16, 4).getInt());
            assertArrayEquals(xmlBytes, Arrays.copyOfRange(plain, 20, 20 + xmlBytes.length));
            assertEquals(
                    JAVA_APPID,
                    new String(
                            Arrays.copyOfRange(plain, 20 + xmlBytes.length, plain.length - pad),
                            StandardCharsets.UTF_8));
        }
        assertEquals(32, pads.size(), "pad lengths seen: " + pads);
    }

    @Test
    void aFreshRandomPrefixMakesEveryCiphertextDifferent() {
        WeChatCrypto crypto = new WeChatCrypto(JAVA_KEY);
        assertNotEquals(crypto.encrypt("<xml/>", JAVA_APPID), crypto.encrypt("<xml/>", JAVA_APPID));
    }

    @Test
    void aMessageForAnotherAppIdIsRefused() {
        WeChatCryptoException e = assertThrows(WeChatCryptoException.class, () -> new WeChatCrypto(JAVA_KEY)
                .decrypt(JAVA_CIPHER_1, "wx0000000000000000"));
        assertTrue(e.getMessage().contains("AppId"), e.getMessage());
    }

    @Test
    void theWrongKeyIsRefused() {
        assertThrows(WeChatCryptoException.class, () -> new WeChatCrypto(DOC_KEY).decrypt(JAVA_CIPHER_2, JAVA_APPID));
    }

    @Test
    void malformedCiphertextsAreRefused() {
        WeChatCrypto crypto = new WeChatCrypto(JAVA_KEY);
        assertThrows(WeChatCryptoException.class, () -> crypto.decrypt("", JAVA_APPID));
        assertThrows(WeChatCryptoException.class, () -> crypto.decrypt(null, JAVA_APPID));
        assertThrows(WeChatCryptoException.class, () -> crypto.decrypt("not base64 !", JAVA_APPID));
        // 15 bytes: not a whole AES block
        assertThrows(
                WeChatCryptoException.class,
                () -> crypto.decrypt(Base64.getEncoder().encodeToString(new byte[15]), JAVA_APPID));
        // the last block cut off: the padding no longer checks out
        byte[] cipher = Base64.getDecoder().decode(JAVA_CIPHER_2);
        assertThrows(
                WeChatCryptoException.class,
                () -> crypto.decrypt(
                        Base64.getEncoder().encodeToString(Arrays.copyOf(cipher, cipher.length - 16)), JAVA_APPID));
        // in CBC a bit flipped in the last-but-one block flips the same bit of the last plaintext byte: the pad
        byte[] tampered = cipher.clone();
        tampered[tampered.length - 17] ^= 0x01;
        assertThrows(
                WeChatCryptoException.class,
                () -> crypto.decrypt(Base64.getEncoder().encodeToString(tampered), JAVA_APPID));
    }

    @Test
    void aLengthFieldPointingOutsideTheDataIsRefused() throws Exception {
        byte[] key = WeChatCrypto.aesKey(JAVA_KEY);
        // 16 random bytes, a length of 1000, 6 bytes of XML, then 6 correct pad bytes: only the length is wrong
        ByteBuffer plain = ByteBuffer.allocate(32);
        plain.put(new byte[16]).putInt(1000).put("<xml/>".getBytes(StandardCharsets.US_ASCII));
        byte[] bytes = plain.array();
        Arrays.fill(bytes, 26, 32, (byte) 6);
        Cipher aes = Cipher.getInstance("AES/CBC/NoPadding");
        aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(Arrays.copyOf(key, 16)));
        String encrypt = Base64.getEncoder().encodeToString(aes.doFinal(bytes));
        WeChatCryptoException e =
                assertThrows(WeChatCryptoException.class, () -> new WeChatCrypto(JAVA_KEY).decrypt(encrypt, "x"));
        assertTrue(e.getMessage().contains("length"), e.getMessage());
    }
}
