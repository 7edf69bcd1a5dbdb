package org.wxplatform.message.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Known answers come from published sources named on each test; none is computed by the code under test. */
class SignaturesTest {

    /** wechatpy, tests/test_utils.py {@code test_check_signature_should_ok}. */
    @Test
    void handshakeKnownAnswerFromWechatpy() {
        assertEquals("f21891de399b4e33a1a93c9a7b8a8fffb5a443ff", Signatures.handshake("test", "1410685589", "test"));
        assertTrue(
                Signatures.verifyHandshake("f21891de399b4e33a1a93c9a7b8a8fffb5a443ff", "test", "1410685589", "test"));
    }

    /**
     * WeChat Open Platform documentation, "消息推送" worked example: Token "AAAAA", and the pushed URL carries
     * {@code signature=cc0c59...&timestamp=1715943329&nonce=1590219412}.
     */
    @Test
    void handshakeKnownAnswerFromOfficialDocumentation() {
        assertEquals(
                "cc0c594499c1634947d5b502f158ee518947db27", Signatures.handshake("AAAAA", "1715943329", "1590219412"));
    }

    /** Same worked example: msg_signature over token, timestamp, nonce and the pushed Encrypt. */
    @Test
    void messageSignatureKnownAnswerFromOfficialDocumentation() {
        assertEquals(
                "6c12a4205838198b8fa631b3220723bb07f1015c",
                Signatures.message("AAAAA", "1715943329", "1590219412", OfficialVectors.DOC_PUSH_ENCRYPT));
    }

    /** Same worked example: the MsgSignature of the encrypted reply. */
    @Test
    void replySignatureKnownAnswerFromOfficialDocumentation() {
        assertEquals(
                "03e0812039325c2712ef5f0f980fd14c70d6e307",
                Signatures.message("AAAAA", "1713424427", "415670741", OfficialVectors.DOC_REPLY_ENCRYPT));
    }

    /** The official Python sample (Sample.py) decrypt example. */
    @Test
    void messageSignatureKnownAnswerFromOfficialPythonSample() {
        assertEquals(
                "5d197aaffba7e9b25a30732f161a50dee96bd5fa",
                Signatures.message("spamtest", "1409735669", "1320562132", OfficialVectors.PY_SAMPLE_ENCRYPT));
    }

    /** The official C++ sample (Sample.cpp) decrypt example. */
    @Test
    void messageSignatureKnownAnswerFromOfficialCppSample() {
        assertTrue(Signatures.verifyMessage(
                "003fee52ecc56afb46c00b5c7721be87860ce785",
                "spamtest",
                "1410349438",
                "298025754",
                OfficialVectors.CPP_SAMPLE_ENCRYPT));
    }

    @Test
    void orderOfPartsDoesNotMatter() {
        assertEquals(Signatures.sign("b", "c", "a"), Signatures.sign("a", "b", "c"));
        assertEquals(Signatures.message("t", "1", "n", "e"), Signatures.sign("e", "n", "1", "t"));
    }

    @Test
    void outputIsFortyLowercaseHexDigits() {
        assertTrue(Signatures.handshake("Token", "1", "2").matches("[0-9a-f]{40}"));
    }

    @Test
    void verificationRefusesWrongMissingAndMalformedSignatures() {
        String good = Signatures.handshake("test", "1410685589", "test");
        assertFalse(Signatures.verifyHandshake(good, "test", "1410685590", "test"));
        assertFalse(Signatures.verifyHandshake(good.toUpperCase(), "test", "1410685589", "test"));
        assertFalse(Signatures.verifyHandshake(good.substring(1), "test", "1410685589", "test"));
        assertFalse(Signatures.verifyHandshake(null, "test", "1410685589", "test"));
        assertFalse(Signatures.verifyHandshake(good, "test", null, "test"));
        assertFalse(Signatures.verifyHandshake("", "test", "1410685589", "test"));
        assertFalse(Signatures.verifyMessage(good, "test", "1410685589", "test", null));
        assertFalse(Signatures.verifyMessage("12345", "test", "1410685589", "test", "x"));
    }

    @Test
    void signingANullPartIsAProgrammingError() {
        assertThrows(NullPointerException.class, () -> Signatures.sign("a", null));
    }
}
