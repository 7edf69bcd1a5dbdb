package org.wxplatform.h5.jssdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class JsSdkSignatureTest {

    /** The example of WeChat's JS-SDK documentation (附录1-JS-SDK使用权限签名算法). */
    @Test
    void signsWeChatsDocumentedExample() {
        assertEquals(
                "0f9de62fce790f9a083d5c99e95740ceb90c27ed",
                JsSdkSignature.sign(
                        "sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg",
                        "Wm3WZYTPz0wzccnW",
                        1414587457L,
                        "http://mp.weixin.qq.com?params=value"));
    }

    @Test
    void oneCharacterOfTheAddressChangesTheSignature() {
        String t = "sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg";
        assertNotEquals(
                JsSdkSignature.sign(t, "Wm3WZYTPz0wzccnW", 1414587457L, "http://mp.weixin.qq.com?params=value"),
                JsSdkSignature.sign(t, "Wm3WZYTPz0wzccnW", 1414587457L, "http://mp.weixin.qq.com?params=valuf"));
    }

    @Test
    void theAddressIsThePublicBaseAndThePageWithoutItsFragment() {
        assertEquals(
                Optional.of("https://wx.example.com/wxplatform/h5/activity?appid=wx1234567890abcdef&id=3"),
                JsSdkSignature.pageUrl(
                        "https://wx.example.com",
                        "/wxplatform",
                        "/wxplatform/h5/activity?appid=wx1234567890abcdef&id=3#top"));
        assertEquals(
                Optional.of("https://wx.example.com/h5/bind?appid=wx1&code=abc&state=0f"),
                JsSdkSignature.pageUrl("https://wx.example.com", "", "/h5/bind?appid=wx1&code=abc&state=0f"));
    }

    @Test
    void anAddressOutsideTheSubscriberPagesIsNotSigned() {
        assertTrue(
                JsSdkSignature.pageUrl("https://x", "/c", "/c/admin/index.html").isEmpty());
        assertTrue(JsSdkSignature.pageUrl("https://x", "/c", "//evil.example.org/c/h5/a")
                .isEmpty());
        assertTrue(
                JsSdkSignature.pageUrl("https://x", "/c", "https://evil/c/h5/a").isEmpty());
        assertTrue(JsSdkSignature.pageUrl("https://x", "/c", "/c/h5/../admin/").isEmpty());
        assertTrue(JsSdkSignature.pageUrl("https://x", "/c", "/c/h5/a b").isEmpty());
        assertTrue(
                JsSdkSignature.pageUrl("https://x", "/c", "/c/h5/a?x=<script>").isEmpty());
        assertTrue(JsSdkSignature.pageUrl("https://x", "/c", null).isEmpty());
    }

    @Test
    void theShareLinkLeavesOutTheAuthorizationsOneTimeCode() {
        assertEquals(
                "https://x/c/h5/activity?appid=wx1&id=3",
                JsSdkSignature.shareLink("https://x/c/h5/activity?appid=wx1&id=3&code=abc&state=0f"));
        assertEquals("https://x/c/h5/a", JsSdkSignature.shareLink("https://x/c/h5/a?code=1&state=2"));
    }
}
