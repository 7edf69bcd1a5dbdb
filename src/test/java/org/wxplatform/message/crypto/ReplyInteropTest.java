package org.wxplatform.message.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.wxplatform.message.xml.AddressedReply;
import org.wxplatform.message.xml.ImageReply;
import org.wxplatform.message.xml.MusicReply;
import org.wxplatform.message.xml.NewsReply;
import org.wxplatform.message.xml.Reply;
import org.wxplatform.message.xml.ReplyRenderer;
import org.wxplatform.message.xml.TextReply;
import org.wxplatform.message.xml.TransferCustomerService;
import org.wxplatform.message.xml.VideoReply;
import org.wxplatform.message.xml.VoiceReply;
import org.wxplatform.sandbox.wechat.WeChatCrypto;

/**
 * Every reply type of SPEC §1.4, rendered and encrypted by the product, verifies and decrypts in the
 * sandbox's independent implementation of the official algorithm (and in the reference port of the
 * official Java sample), and reads back as the same reply.
 */
class ReplyInteropTest {

    static final String KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    static final String TOKEN = "interopToken";
    static final String APPID = "wx1234567890abcdef";

    static Stream<Arguments> replies() {
        return Stream.of(
                Arguments.of(new TextReply("营业厅在人民路1号 😀 <&>"), "text", "Content", "营业厅在人民路1号 😀 <&>"),
                Arguments.of(new ImageReply("MEDIA_IMG"), "image", "MediaId", "MEDIA_IMG"),
                Arguments.of(new VoiceReply("MEDIA_VOICE"), "voice", "MediaId", "MEDIA_VOICE"),
                Arguments.of(new VideoReply("MEDIA_VIDEO", "视频", "说明"), "video", "Title", "视频"),
                Arguments.of(
                        new MusicReply("歌", "说明", "https://e.com/m.mp3", "https://e.com/hq.mp3", "THUMB"),
                        "music",
                        "HQMusicUrl",
                        "https://e.com/hq.mp3"),
                Arguments.of(
                        new NewsReply(List.of(
                                new NewsReply.Article("第一条", "描述", "https://e.com/1.jpg", "https://e.com/1"),
                                new NewsReply.Article("第二条", "", "https://e.com/2.jpg", "https://e.com/2"))),
                        "news",
                        "ArticleCount",
                        "2"),
                Arguments.of(
                        new TransferCustomerService("kf2001@gh_test"),
                        "transfer_customer_service",
                        "KfAccount",
                        "kf2001@gh_test"),
                Arguments.of(TransferCustomerService.anyAgent(), "transfer_customer_service", "MsgType", null));
    }

    @ParameterizedTest
    @MethodSource("replies")
    void everyReplyTypeDecryptsAndVerifiesInIndependentImplementations(
            Reply reply, String msgType, String field, String expected) throws Exception {
        String xml = ReplyRenderer.render(new AddressedReply("oUser1", "gh_account", 1_700_000_000L, reply));
        EncryptedReply envelope =
                new MessageCrypto(EncodingAesKey.parse(KEY)).encryptReply(TOKEN, xml, APPID, "1700000001", "nonce123");

        String sandboxPlain = new WeChatCrypto(KEY)
                .decryptVerified(
                        TOKEN,
                        envelope.msgSignature(),
                        envelope.timeStamp(),
                        envelope.nonce(),
                        envelope.encrypt(),
                        APPID);
        assertEquals(xml, sandboxPlain);
        String[] reference = new ReferenceWxCrypt(KEY).decrypt(envelope.encrypt());
        assertEquals(xml, reference[0]);
        assertEquals(APPID, reference[1]);

        Document doc = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(sandboxPlain.getBytes(StandardCharsets.UTF_8)));
        assertEquals(msgType, text(doc, "MsgType"));
        assertEquals("oUser1", text(doc, "ToUserName"));
        assertEquals("gh_account", text(doc, "FromUserName"));
        if (expected != null) {
            assertEquals(expected, text(doc, field));
        }
    }

    private static String text(Document doc, String name) {
        var nodes = doc.getElementsByTagName(name);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent();
    }
}
