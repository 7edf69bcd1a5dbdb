package org.wxplatform.message.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.wxplatform.message.crypto.EncodingAesKey;
import org.wxplatform.message.crypto.EncryptedReply;
import org.wxplatform.message.crypto.MessageCrypto;
import org.wxplatform.message.crypto.Signatures;

class ReplyRendererTest {

    private static final String USER = "oia2TjjewbmiOUlr6X-1crbLOvLw";
    private static final String ACCOUNT = "gh_7f083739789a";
    private static final long TIME = 1_407_743_423L;
    private static final String TRICKY = "话费余额：¥12.50 😀👍🏽 <b>&</b> ]]> ]]]]> end";

    private final ReplyParser parser = new ReplyParser();

    static Stream<Reply> everyReply() {
        return Stream.of(
                new TextReply("您好，欢迎关注！"),
                new TextReply(TRICKY),
                new TextReply("line 1\nline 2\r\nline 3"),
                new ImageReply("media_img"),
                new VoiceReply("media_voice"),
                new VideoReply("media_video", null, null),
                new VideoReply("media_video", "标题", TRICKY),
                new MusicReply(null, null, null, null, "thumb"),
                new MusicReply("歌", "描述", "http://m/a.mp3?x=1&y=2", "http://m/hq.mp3", "thumb"),
                NewsReply.of(new NewsReply.Article("Only title", null, null, null)),
                new NewsReply(IntStream.rangeClosed(1, 10)
                        .mapToObj(i ->
                                new NewsReply.Article("第" + i + "条 ]]>", "desc " + i, "http://p/" + i, "http://u/" + i))
                        .toList()),
                TransferCustomerService.anyAgent(),
                new TransferCustomerService("kf2001@gh_7f083739789a"));
    }

    @ParameterizedTest
    @MethodSource("everyReply")
    void everyReplyRendersAndParsesBack(Reply reply) throws Exception {
        AddressedReply addressed = new AddressedReply(USER, ACCOUNT, TIME, reply);
        String xml = ReplyRenderer.render(addressed);
        assertEquals(addressed, parser.parse(xml));
    }

    @Test
    void theRoundTripCasesCoverEveryReplyType() {
        Set<Class<?>> covered = new HashSet<>();
        everyReply().forEach(r -> covered.add(r.getClass()));
        covered.add(NoReply.class);
        assertEquals(Set.of(Reply.class.getPermittedSubclasses()), covered);
    }

    @Test
    void textReplyHasTheDocumentedLayout() {
        assertEquals(
                "<xml><ToUserName><![CDATA[toUser]]></ToUserName><FromUserName><![CDATA[fromUser]]></FromUserName>"
                        + "<CreateTime>12345678</CreateTime><MsgType><![CDATA[text]]></MsgType>"
                        + "<Content><![CDATA[你好]]></Content></xml>",
                ReplyRenderer.render(new AddressedReply("toUser", "fromUser", 12345678L, new TextReply("你好"))));
    }

    @Test
    void nestedRepliesHaveTheDocumentedElements() throws Exception {
        XmlElement image = xml(new ImageReply("media_id"));
        assertEquals("image", image.field("MsgType"));
        assertEquals("media_id", image.child("Image").orElseThrow().field("MediaId"));
        XmlElement music = xml(new MusicReply("T", "D", "M", "H", "thumb"));
        assertEquals(
                List.of("Title", "Description", "MusicUrl", "HQMusicUrl", "ThumbMediaId"),
                music.child("Music").orElseThrow().children().stream()
                        .map(XmlElement::name)
                        .toList());
        XmlElement transfer = xml(new TransferCustomerService("kf@x"));
        assertEquals("transfer_customer_service", transfer.field("MsgType"));
        assertEquals("kf@x", transfer.child("TransInfo").orElseThrow().field("KfAccount"));
        assertTrue(xml(TransferCustomerService.anyAgent()).child("TransInfo").isEmpty());
    }

    @Test
    void newsCarriesItsArticleCountAndEveryDescription() throws Exception {
        List<NewsReply.Article> articles = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            articles.add(new NewsReply.Article("t" + i, "d" + i, "p" + i, "u" + i));
        }
        XmlElement news = xml(new NewsReply(articles));
        assertEquals("news", news.field("MsgType"));
        assertEquals("3", news.field("ArticleCount"));
        List<XmlElement> items = news.child("Articles").orElseThrow().children("item");
        assertEquals(
                List.of("d0", "d1", "d2"),
                items.stream().map(i -> i.field("Description")).toList());
        assertEquals(
                List.of("Title", "Description", "PicUrl", "Url"),
                items.get(0).children().stream().map(XmlElement::name).toList());
    }

    @Test
    void newsHasOneToTenArticles() {
        NewsReply.Article article = new NewsReply.Article("t", null, null, null);
        assertThrows(IllegalArgumentException.class, () -> new NewsReply(List.of()));
        assertThrows(IllegalArgumentException.class, () -> new NewsReply(java.util.Collections.nCopies(11, article)));
        assertEquals(
                10,
                new NewsReply(java.util.Collections.nCopies(10, article))
                        .articles()
                        .size());
    }

    @Test
    void aCountThatDisagreesWithTheItemsIsRefusedOnParse() {
        String xml = "<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><CreateTime>1</CreateTime>"
                + "<MsgType>news</MsgType><ArticleCount>2</ArticleCount><Articles><item><Title>t</Title></item></Articles></xml>";
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> parser.parse(xml));
        assertEquals("ArticleCount", e.field());
    }

    @Test
    void cdataTerminatorsInValuesAreSplitAndCannotInjectElements() throws Exception {
        String injection = "]]></Content><MsgType><![CDATA[image]]></MsgType><Content><![CDATA[";
        String xml = ReplyRenderer.render(new AddressedReply(USER, ACCOUNT, TIME, new TextReply(injection)));
        assertTrue(xml.contains("]]]]><![CDATA[>"));
        XmlElement root = new SafeXml().parse(xml);
        assertEquals(1, root.children("MsgType").size());
        assertEquals("text", root.field("MsgType"));
        assertEquals(new TextReply(injection), parser.parse(xml).reply());
    }

    @Test
    void headerValuesAreEscapedToo() throws Exception {
        AddressedReply addressed = new AddressedReply("o]]>x", "gh_<&>", TIME, new TextReply("x"));
        assertEquals(addressed, parser.parse(ReplyRenderer.render(addressed)));
    }

    @Test
    void emojiAndChineseSurviveAndCarriageReturnsAreKept() throws Exception {
        String text = "你好😀\r\n第二行\t制表";
        assertEquals(
                new TextReply(text), parser.parse(render(new TextReply(text))).reply());
    }

    @Test
    void charactersXmlCannotCarryAreDropped() throws Exception {
        String withControls = "a\u0000b\u0001c\u000Bd\uFFFEe\uD800f";
        assertEquals(
                new TextReply("abcdef"),
                parser.parse(render(new TextReply(withControls))).reply());
    }

    @Test
    void noReplyIsTheBareWordSuccess() throws Exception {
        assertEquals("success", ReplyRenderer.render(new AddressedReply(null, null, 0, Reply.none())));
        assertSame(Reply.none(), Reply.none());
        assertInstanceOf(NoReply.class, parser.parse("success").reply());
        assertInstanceOf(NoReply.class, parser.parse("").reply());
    }

    @Test
    void renderForAnswersTheSenderFromTheAccount() throws Exception {
        InboundMessage in = new InboundMessage.Text(ACCOUNT, USER, TIME, "1", "hi");
        AddressedReply back = parser.parse(ReplyRenderer.renderFor(in, new TextReply("hello"), TIME + 1));
        assertEquals(new AddressedReply(USER, ACCOUNT, TIME + 1, new TextReply("hello")), back);
        assertEquals("success", ReplyRenderer.renderFor(in, Reply.none(), TIME + 1));
    }

    @Test
    void invalidRepliesCannotBeBuilt() {
        assertThrows(IllegalArgumentException.class, () -> new TextReply(""));
        assertThrows(NullPointerException.class, () -> new TextReply(null));
        assertThrows(IllegalArgumentException.class, () -> new ImageReply(" "));
        assertThrows(IllegalArgumentException.class, () -> new MusicReply("t", null, null, null, ""));
        assertThrows(IllegalArgumentException.class, () -> new NewsReply.Article("", null, null, null));
        assertThrows(NullPointerException.class, () -> new AddressedReply(null, ACCOUNT, TIME, new TextReply("x")));
        assertThrows(IllegalArgumentException.class, () -> new AddressedReply(USER, ACCOUNT, TIME, Reply.none()));
    }

    @Test
    void unknownReplyTypesAreRefusedOnParse() {
        String xml = "<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><CreateTime>1</CreateTime>"
                + "<MsgType>hologram</MsgType></xml>";
        assertEquals(
                "MsgType",
                assertThrows(MalformedMessageException.class, () -> parser.parse(xml))
                        .field());
    }

    /** Safe mode end to end: our encrypted reply decrypts and verifies, and parses back to the same reply. */
    @Test
    void anEncryptedReplyVerifiesDecryptsAndParsesBack() throws Exception {
        String key = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
        String appId = "wxb11529c136998cb6";
        MessageCrypto crypto = new MessageCrypto(EncodingAesKey.parse(key));
        AddressedReply addressed = new AddressedReply(USER, ACCOUNT, TIME, new TextReply(TRICKY));
        EncryptedReply envelope =
                crypto.encryptReply("pamtest", ReplyRenderer.render(addressed), appId, "1409304348", "xxxxxx");
        XmlElement received = new SafeXml().parse(envelope.toXml());
        assertTrue(Signatures.verifyMessage(
                received.field("MsgSignature"),
                "pamtest",
                received.field("TimeStamp"),
                received.field("Nonce"),
                received.field("Encrypt")));
        String plaintext = new MessageCrypto(EncodingAesKey.parse(key)).decrypt(received.field("Encrypt"), appId);
        assertEquals(addressed, parser.parse(plaintext));
        assertFalse(envelope.toXml().contains("话费"));
    }

    private static String render(Reply reply) {
        return ReplyRenderer.render(new AddressedReply(USER, ACCOUNT, TIME, reply));
    }

    private static XmlElement xml(Reply reply) throws MalformedMessageException {
        return new SafeXml().parse(render(reply));
    }
}
