package org.wxplatform.message.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.wxplatform.message.xml.InboundMessage.Click;
import org.wxplatform.message.xml.InboundMessage.Image;
import org.wxplatform.message.xml.InboundMessage.Link;
import org.wxplatform.message.xml.InboundMessage.Location;
import org.wxplatform.message.xml.InboundMessage.LocationEvent;
import org.wxplatform.message.xml.InboundMessage.MassSendJobFinish;
import org.wxplatform.message.xml.InboundMessage.Scan;
import org.wxplatform.message.xml.InboundMessage.ShortVideo;
import org.wxplatform.message.xml.InboundMessage.Subscribe;
import org.wxplatform.message.xml.InboundMessage.TemplateSendJobFinish;
import org.wxplatform.message.xml.InboundMessage.Text;
import org.wxplatform.message.xml.InboundMessage.Unknown;
import org.wxplatform.message.xml.InboundMessage.Unsubscribe;
import org.wxplatform.message.xml.InboundMessage.Video;
import org.wxplatform.message.xml.InboundMessage.View;
import org.wxplatform.message.xml.InboundMessage.Voice;
import org.wxplatform.message.xml.MalformedMessageException.Reason;

class InboundParserTest {

    private static final String TO = "gh_7f083739789a";
    private static final String FROM = "oia2TjjewbmiOUlr6X-1crbLOvLw";
    private static final long TIME = 1_407_743_423L;
    private static final String MSG_ID = "6054768590064713728";
    /** Chinese, emoji (a surrogate pair and a modifier sequence), XML metacharacters and a CDATA terminator. */
    private static final String TRICKY = "流量包 😀👍🏽 <b>&amp;</b> ]]> end";

    private final InboundParser parser = new InboundParser();

    static Stream<InboundMessage> everyKind() {
        Map<String, String> unknownFields = new LinkedHashMap<>();
        unknownFields.put("AppId", "wx1");
        unknownFields.put("PagePath", "pages/index?x=1&y=]]>");
        return Stream.of(
                new Text(TO, FROM, TIME, MSG_ID, TRICKY),
                new Text(TO, FROM, TIME, "1", "  leading and trailing spaces\n\tand\r\nbreaks  "),
                new Image(TO, FROM, TIME, MSG_ID, "http://mmbiz.qpic.cn/x?a=1&b=2", "media_1"),
                new Voice(TO, FROM, TIME, MSG_ID, "media_2", "amr", null),
                new Voice(TO, FROM, TIME, MSG_ID, "media_2", "amr", "腾讯微信团队"),
                new Video(TO, FROM, TIME, MSG_ID, "media_3", "thumb_3"),
                new ShortVideo(TO, FROM, TIME, MSG_ID, "media_4", "thumb_4"),
                new Location(
                        TO, FROM, TIME, MSG_ID, new BigDecimal("23.134521"), new BigDecimal("-113.358800"), 20, "位置信息"),
                new Location(TO, FROM, TIME, MSG_ID, new BigDecimal("0"), new BigDecimal("1.5"), 0, ""),
                new Link(TO, FROM, TIME, MSG_ID, "公众平台官网链接", TRICKY, "https://mp.weixin.qq.com/?a=1&b=2"),
                new Subscribe(TO, FROM, TIME, null, null),
                new Subscribe(TO, FROM, TIME, "qrscene_123123", "gQH47joAAAAAAAAAASxodHRwOi8v"),
                new Unsubscribe(TO, FROM, TIME),
                new Scan(TO, FROM, TIME, "123123", "TICKET"),
                new Scan(TO, FROM, TIME, "scene_str_活动", null),
                new LocationEvent(
                        TO,
                        FROM,
                        TIME,
                        new BigDecimal("23.137466"),
                        new BigDecimal("113.352425"),
                        new BigDecimal("119.385040")),
                new Click(TO, FROM, TIME, "QUERY_BILL"),
                new View(TO, FROM, TIME, "https://example.com/h5/bill?x=1&y=2", null),
                new View(TO, FROM, TIME, "https://example.com/h5/", "208379533"),
                new TemplateSendJobFinish(TO, FROM, TIME, "3487542469355618313", "failed:user block"),
                new MassSendJobFinish(TO, FROM, TIME, "1000001625", "send success", 100, 80, 75, 5),
                new Unknown(TO, FROM, TIME, "miniprogrampage", null, unknownFields),
                new Unknown(TO, FROM, TIME, "event", "scancode_push", Map.of("EventKey", "rselfmenu_0_1")),
                new Unknown(TO, FROM, TIME, "event", "debug_demo", Map.of()));
    }

    @ParameterizedTest
    @MethodSource("everyKind")
    void everyKindRoundTrips(InboundMessage message) throws Exception {
        String xml = InboundRenderer.render(message);
        assertEquals(message, parser.parse(xml));
        assertEquals(message, parser.parse(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theRoundTripCasesCoverEveryRecordOfTheSealedHierarchy() {
        Set<Class<?>> records = new HashSet<>();
        Deque<Class<?>> pending = new ArrayDeque<>(List.of(InboundMessage.class));
        while (!pending.isEmpty()) {
            Class<?> type = pending.pop();
            if (type.isRecord()) {
                records.add(type);
            } else {
                pending.addAll(List.of(type.getPermittedSubclasses()));
            }
        }
        assertEquals(16, records.size());
        assertEquals(records, everyKind().map(Object::getClass).collect(Collectors.toSet()));
    }

    // ---- documentation-style callbacks (pretty printed, as in WeChat's message documentation)

    @Test
    void parsesTheDocumentedTextMessage() throws Exception {
        String body =
                """
                <xml>
                  <ToUserName><![CDATA[toUser]]></ToUserName>
                  <FromUserName><![CDATA[fromUser]]></FromUserName>
                  <CreateTime>1348831860</CreateTime>
                  <MsgType><![CDATA[text]]></MsgType>
                  <Content><![CDATA[this is a test]]></Content>
                  <MsgId>1234567890123456</MsgId>
                </xml>
                """;
        assertEquals(
                new Text("toUser", "fromUser", 1348831860L, "1234567890123456", "this is a test"), parser.parse(body));
    }

    @Test
    void parsesTheDocumentedVoiceMessageWithRecognition() throws Exception {
        String body =
                "<xml><ToUserName><![CDATA[toUser]]></ToUserName><FromUserName><![CDATA[fromUser]]></FromUserName>"
                        + "<CreateTime>1357290913</CreateTime><MsgType><![CDATA[voice]]></MsgType>"
                        + "<MediaId><![CDATA[media_id]]></MediaId><Format><![CDATA[Format]]></Format>"
                        + "<Recognition><![CDATA[腾讯微信团队]]></Recognition><MsgId>1234567890123456</MsgId></xml>";
        assertEquals(
                new Voice("toUser", "fromUser", 1357290913L, "1234567890123456", "media_id", "Format", "腾讯微信团队"),
                parser.parse(body));
    }

    @Test
    void parsesTheLocationMessageWithPlainNumbers() throws Exception {
        String body =
                "<xml><ToUserName><![CDATA[toUser]]></ToUserName><FromUserName><![CDATA[fromUser]]></FromUserName>"
                        + "<CreateTime>1351776360</CreateTime><MsgType><![CDATA[location]]></MsgType>"
                        + "<Location_X>23.134521</Location_X><Location_Y>113.358803</Location_Y><Scale>20</Scale>"
                        + "<Label><![CDATA[位置信息]]></Label><MsgId>1234567890123456</MsgId></xml>";
        Location location = assertInstanceOf(Location.class, parser.parse(body));
        assertEquals(new BigDecimal("23.134521"), location.x());
        assertEquals(new BigDecimal("113.358803"), location.y());
        assertEquals(20, location.scale());
        assertEquals("位置信息", location.label());
    }

    @Test
    void parsesATemplateReceiptAsWeChatSendsIt() throws Exception {
        // Shape of a real receipt posted on WeChat's developer forum (note MsgID, and Encrypt beside it).
        String body = "<xml>    <ToUserName><![CDATA[gh_f5b69a2ea37b]]></ToUserName>    "
                + "<FromUserName><![CDATA[ovPQ26Vgx51Ep-HoZqOITMHLk6eg]]></FromUserName>    "
                + "<CreateTime>1717466001</CreateTime>    <MsgType><![CDATA[event]]></MsgType>    "
                + "<Event><![CDATA[TEMPLATESENDJOBFINISH]]></Event>    <MsgID>3487542469355618313</MsgID>    "
                + "<Status><![CDATA[failed:user block]]></Status>    <Encrypt><![CDATA[MOEJkz1VYnBN6Kh9]]></Encrypt></xml>";
        assertEquals(
                new TemplateSendJobFinish(
                        "gh_f5b69a2ea37b",
                        "ovPQ26Vgx51Ep-HoZqOITMHLk6eg",
                        1717466001L,
                        "3487542469355618313",
                        "failed:user block"),
                parser.parse(body));
    }

    @Test
    void massSendResultIgnoresItsNestedCopyrightReport() throws Exception {
        String body = "<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[oX]]></FromUserName>"
                + "<CreateTime>1394524295</CreateTime><MsgType><![CDATA[event]]></MsgType>"
                + "<Event><![CDATA[MASSSENDJOBFINISH]]></Event><MsgID>1988</MsgID><Status><![CDATA[sendsuccess]]></Status>"
                + "<TotalCount>100</TotalCount><FilterCount>80</FilterCount><SentCount>75</SentCount><ErrorCount>5</ErrorCount>"
                + "<CopyrightCheckResult><Count>2</Count><ResultList><item><ArticleIdx>1</ArticleIdx></item>"
                + "<item><ArticleIdx>2</ArticleIdx></item></ResultList><CheckState>2</CheckState></CopyrightCheckResult>"
                + "</xml>";
        assertEquals(
                new MassSendJobFinish("gh_1", "oX", 1394524295L, "1988", "sendsuccess", 100, 80, 75, 5),
                parser.parse(body));
    }

    @Test
    void compatibleModeBodyParsesItsPlaintextAndIgnoresEncrypt() throws Exception {
        String body = "<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName>"
                + "<FromUserName><![CDATA[oyORnuP8q7ou2gfYjqLzSIWZf0rs]]></FromUserName>"
                + "<CreateTime>1409735668</CreateTime><MsgType><![CDATA[text]]></MsgType>"
                + "<Content><![CDATA[abcdteT]]></Content><MsgId>6054768590064713728</MsgId>"
                + "<Encrypt><![CDATA[hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B6]]></Encrypt></xml>";
        assertEquals(
                new Text(
                        "gh_10f6c3c3ac5a",
                        "oyORnuP8q7ou2gfYjqLzSIWZf0rs",
                        1409735668L,
                        "6054768590064713728",
                        "abcdteT"),
                parser.parse(body));
    }

    @Test
    void typeAndEventNamesAreMatchedWithoutRegardToCaseOrSurroundingSpace() throws Exception {
        String body = "<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><CreateTime> 1 </CreateTime>"
                + "<MsgType>  <![CDATA[EVENT]]></MsgType><Event><![CDATA[scan]]></Event><EventKey>7</EventKey></xml>";
        assertEquals(new Scan("a", "b", 1L, "7", null), parser.parse(body));
    }

    // ---- semantics

    @Test
    void qrSubscriptionExposesItsSceneWithoutThePrefix() {
        assertEquals("123123", new Subscribe(TO, FROM, TIME, "qrscene_123123", "T").sceneId());
        assertEquals("活动_1", new Subscribe(TO, FROM, TIME, "qrscene_活动_1", "T").sceneId());
        assertNull(new Subscribe(TO, FROM, TIME, null, null).sceneId());
        assertNull(new Subscribe(TO, FROM, TIME, "last_trade_no_1", null).sceneId());
        assertNull(new Subscribe(TO, FROM, TIME, "qrscene_", null).sceneId());
    }

    @Test
    void emptyOptionalFieldsReadAsAbsent() throws Exception {
        String body = "<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><CreateTime>1</CreateTime>"
                + "<MsgType>event</MsgType><Event>subscribe</Event><EventKey><![CDATA[]]></EventKey></xml>";
        assertEquals(new Subscribe("a", "b", 1L, null, null), parser.parse(body));
    }

    @Test
    void dedupeKeyIsTheMsgIdForMessagesAndSenderTimeEventForEvents() throws Exception {
        assertEquals(MSG_ID, new Text(TO, FROM, TIME, MSG_ID, "a").dedupeKey());
        assertEquals(MSG_ID, new Image(TO, FROM, TIME, MSG_ID, "u", "m").dedupeKey());
        assertEquals(FROM + "#" + TIME + "#CLICK", new Click(TO, FROM, TIME, "K").dedupeKey());
        assertEquals(FROM + "#" + TIME + "#subscribe", new Subscribe(TO, FROM, TIME, null, null).dedupeKey());
        // The spec keys events by sender, time and event only: a template receipt too.
        assertEquals(
                FROM + "#" + TIME + "#TEMPLATESENDJOBFINISH",
                new TemplateSendJobFinish(TO, FROM, TIME, "1", "success").dedupeKey());
        assertEquals("42", new Unknown(TO, FROM, TIME, "miniprogrampage", null, Map.of("MsgId", "42")).dedupeKey());
        assertEquals(
                FROM + "#" + TIME + "#scancode_push",
                new Unknown(TO, FROM, TIME, "event", "scancode_push", Map.of()).dedupeKey());
        assertEquals(
                FROM + "#" + TIME + "#newtype", new Unknown(TO, FROM, TIME, "newtype", null, Map.of()).dedupeKey());
    }

    @Test
    void aRetriedCallbackHasTheSameKeyAndADifferentOneDoesNot() throws Exception {
        String click = InboundRenderer.render(new Click(TO, FROM, TIME, "K"));
        assertEquals(parser.parse(click).dedupeKey(), parser.parse(click).dedupeKey());
        assertNotEquals(
                parser.parse(click).dedupeKey(),
                parser.parse(InboundRenderer.render(new Click(TO, FROM, TIME + 1, "K")))
                        .dedupeKey());
    }

    @Test
    void unknownTypesAndEventsAreNeverAnError() throws Exception {
        String body = "<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><CreateTime>1</CreateTime>"
                + "<MsgType>event</MsgType><Event>scancode_waitmsg</Event><EventKey>rselfmenu_0_0</EventKey>"
                + "<ScanCodeInfo><ScanType>qrcode</ScanType><ScanResult>1</ScanResult></ScanCodeInfo></xml>";
        Unknown unknown = assertInstanceOf(Unknown.class, parser.parse(body));
        assertEquals("scancode_waitmsg", unknown.event());
        assertEquals(Map.of("EventKey", "rselfmenu_0_0"), unknown.fields());
    }

    @Test
    void anUnknownCannotImpersonateAKnownType() {
        assertThrows(IllegalArgumentException.class, () -> new Unknown(TO, FROM, TIME, "text", null, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new Unknown(TO, FROM, TIME, "event", "CLICK", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new Unknown(TO, FROM, TIME, "event", null, Map.of()));
        assertThrows(
                IllegalArgumentException.class, () -> new Unknown(TO, FROM, TIME, "x", null, Map.of("MsgType", "y")));
        assertThrows(IllegalArgumentException.class, () -> new Unknown(TO, FROM, TIME, "x", null, Map.of("a b", "y")));
    }

    // ---- missing and invalid fields

    @Test
    void missingRequiredFieldsAreNamed() {
        assertMissing("Content", "<MsgType>text</MsgType><MsgId>1</MsgId>");
        assertMissing("MsgId", "<MsgType>text</MsgType><Content>x</Content>");
        assertMissing("MediaId", "<MsgType>image</MsgType><PicUrl>u</PicUrl><MsgId>1</MsgId>");
        assertMissing("Event", "<MsgType>event</MsgType>");
        assertMissing("EventKey", "<MsgType>event</MsgType><Event>CLICK</Event>");
        assertMissing(
                "Latitude",
                "<MsgType>event</MsgType><Event>LOCATION</Event><Longitude>1</Longitude><Precision>1</Precision>");
        assertMissing(
                "ErrorCount",
                "<MsgType>event</MsgType><Event>MASSSENDJOBFINISH</Event><MsgID>1</MsgID>"
                        + "<Status>s</Status><TotalCount>1</TotalCount><FilterCount>1</FilterCount><SentCount>1</SentCount>");
        assertMissing("MsgType", "");
    }

    @Test
    void missingHeaderFieldsAreNamed() {
        MalformedMessageException e = assertThrows(
                MalformedMessageException.class,
                () -> parser.parse(
                        "<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><MsgType>text</MsgType></xml>"));
        assertEquals(Reason.MISSING_FIELD, e.reason());
        assertEquals("CreateTime", e.field());
        assertEquals("missing required field: CreateTime", e.getMessage());
    }

    @Test
    void invalidFieldValuesAreNamed() {
        assertBad(
                "CreateTime",
                "<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><CreateTime>-1</CreateTime>"
                        + "<MsgType>text</MsgType><Content>x</Content><MsgId>1</MsgId></xml>");
        assertBad("MsgId", body("<MsgType>text</MsgType><Content>x</Content><MsgId>12ab</MsgId>"));
        assertBad(
                "Location_X",
                body("<MsgType>location</MsgType><Location_X>1e999999999</Location_X>"
                        + "<Location_Y>1</Location_Y><Scale>1</Scale><MsgId>1</MsgId>"));
        assertBad(
                "Scale",
                body("<MsgType>location</MsgType><Location_X>1</Location_X>"
                        + "<Location_Y>1</Location_Y><Scale>99999999999</Scale><MsgId>1</MsgId>"));
    }

    private static String body(String fields) {
        return "<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><CreateTime>1</CreateTime>" + fields
                + "</xml>";
    }

    private void assertMissing(String field, String fields) {
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> parser.parse(body(fields)));
        assertEquals(Reason.MISSING_FIELD, e.reason());
        assertEquals(field, e.field());
    }

    private void assertBad(String field, String body) {
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> parser.parse(body));
        assertEquals(Reason.BAD_FIELD, e.reason());
        assertEquals(field, e.field());
        assertTrue(e.getMessage().endsWith(field));
    }
}
