package org.wxplatform.sandbox.wechat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** The layouts are those of WeChat's "接收普通消息" and "接收事件推送" documentation. */
class CallbackMessagesTest {

    private static final String GH = "gh_7f083739789a";
    private static final String OPENID = "oia2TjjewbmiOUlr6X-1crbLOvLw";
    private static final long TIME = 1_348_831_860L;

    private final CallbackMessages messages = new CallbackMessages(GH, () -> TIME);

    /** Leaf elements of the document by name, read with the JDK's parser. */
    static Map<String, String> fields(String xml) throws Exception {
        Element root = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))
                .getDocumentElement();
        assertEquals("xml", root.getTagName());
        Map<String, String> out = new LinkedHashMap<>();
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                assertFalse(out.containsKey(e.getTagName()), "repeated " + e.getTagName());
                out.put(e.getTagName(), e.getTextContent());
            }
        }
        return out;
    }

    private static void assertCdata(String xml, String... names) {
        for (String name : names) {
            assertTrue(xml.contains("<" + name + "><![CDATA["), name + " in CDATA: " + xml);
        }
    }

    private static void assertBare(String xml, String... names) {
        for (String name : names) {
            assertTrue(xml.matches(".*<" + name + ">[-0-9.]+</" + name + ">.*"), name + " bare: " + xml);
        }
    }

    @Test
    void textHasTheDocumentedLayout() {
        String xml = messages.text(OPENID, "this is a test");
        assertEquals(
                "<xml><ToUserName><![CDATA[gh_7f083739789a]]></ToUserName>"
                        + "<FromUserName><![CDATA[oia2TjjewbmiOUlr6X-1crbLOvLw]]></FromUserName>"
                        + "<CreateTime>1348831860</CreateTime><MsgType><![CDATA[text]]></MsgType>"
                        + "<Content><![CDATA[this is a test]]></Content><MsgId>ID</MsgId></xml>",
                xml.replaceAll("<MsgId>[0-9]+</MsgId>", "<MsgId>ID</MsgId>"));
    }

    @Test
    void everyUserMessageHasItsFields() throws Exception {
        Map<String, List<String>> expected = new LinkedHashMap<>();
        Map<String, String> xml = new LinkedHashMap<>();
        xml.put("text", messages.text(OPENID, "营业厅"));
        expected.put("text", List.of("Content"));
        xml.put("image", messages.image(OPENID, "http://mmbiz.qpic.cn/x.jpg", "media_1"));
        expected.put("image", List.of("PicUrl", "MediaId"));
        xml.put("voice", messages.voice(OPENID, "media_2", "amr", "话费"));
        expected.put("voice", List.of("MediaId", "Format", "Recognition"));
        xml.put("video", messages.video(OPENID, "media_3", "thumb_3"));
        expected.put("video", List.of("MediaId", "ThumbMediaId"));
        xml.put("shortvideo", messages.shortVideo(OPENID, "media_4", "thumb_4"));
        expected.put("shortvideo", List.of("MediaId", "ThumbMediaId"));
        xml.put(
                "location",
                messages.location(OPENID, new BigDecimal("23.134521"), new BigDecimal("113.358803"), 20, "位置信息"));
        expected.put("location", List.of("Location_X", "Location_Y", "Scale", "Label"));
        xml.put("link", messages.link(OPENID, "公众平台官网链接", "公众平台官网链接", "https://mp.weixin.qq.com/"));
        expected.put("link", List.of("Title", "Description", "Url"));

        for (Map.Entry<String, String> e : xml.entrySet()) {
            Map<String, String> f = fields(e.getValue());
            List<String> names =
                    new java.util.ArrayList<>(List.of("ToUserName", "FromUserName", "CreateTime", "MsgType"));
            names.addAll(expected.get(e.getKey()));
            names.add("MsgId");
            assertEquals(names, List.copyOf(f.keySet()), e.getKey());
            assertEquals(GH, f.get("ToUserName"));
            assertEquals(OPENID, f.get("FromUserName"));
            assertEquals("1348831860", f.get("CreateTime"));
            assertEquals(e.getKey(), f.get("MsgType"));
            assertCdata(e.getValue(), "ToUserName", "FromUserName", "MsgType");
            assertBare(e.getValue(), "CreateTime", "MsgId");
        }
        Map<String, String> voice = fields(xml.get("voice"));
        assertEquals("话费", voice.get("Recognition"));
        assertEquals("amr", voice.get("Format"));
        Map<String, String> location = fields(xml.get("location"));
        assertEquals("23.134521", location.get("Location_X"));
        assertEquals("113.358803", location.get("Location_Y"));
        assertEquals("20", location.get("Scale"));
        assertBare(xml.get("location"), "Location_X", "Location_Y", "Scale");
        assertCdata(xml.get("location"), "Label");
        assertEquals("营业厅", fields(xml.get("text")).get("Content"));
    }

    @Test
    void voiceWithoutRecognitionLeavesTheFieldOut() throws Exception {
        assertFalse(fields(messages.voice(OPENID, "m", "amr", null)).containsKey("Recognition"));
    }

    @Test
    void subscribeScanAndMenuEvents() throws Exception {
        Map<String, String> plain = fields(messages.subscribe(OPENID));
        assertEquals(
                List.of("ToUserName", "FromUserName", "CreateTime", "MsgType", "Event"), List.copyOf(plain.keySet()));
        assertEquals("event", plain.get("MsgType"));
        assertEquals("subscribe", plain.get("Event"));

        Map<String, String> qr = fields(messages.subscribe(OPENID, "123123", "TICKET"));
        assertEquals("qrscene_123123", qr.get("EventKey"));
        assertEquals("TICKET", qr.get("Ticket"));
        assertFalse(fields(messages.subscribe(OPENID, "7", null)).containsKey("Ticket"));

        assertEquals("unsubscribe", fields(messages.unsubscribe(OPENID)).get("Event"));

        Map<String, String> scan = fields(messages.scan(OPENID, "123123", "TICKET"));
        assertEquals("SCAN", scan.get("Event"));
        assertEquals("123123", scan.get("EventKey"));

        Map<String, String> click = fields(messages.click(OPENID, "QUERY_BILL"));
        assertEquals("CLICK", click.get("Event"));
        assertEquals("QUERY_BILL", click.get("EventKey"));

        String url = "https://example.com/h5/bill?x=1&y=2";
        Map<String, String> view = fields(messages.view(OPENID, url));
        assertEquals("VIEW", view.get("Event"));
        assertEquals(url, view.get("EventKey"));
        assertEquals(
                "208379533", fields(messages.view(OPENID, url, "208379533")).get("MenuId"));

        for (String xml : List.of(messages.subscribe(OPENID), messages.click(OPENID, "K"))) {
            assertCdata(xml, "MsgType", "Event");
            assertFalse(xml.contains("MsgId"), "events carry no MsgId: " + xml);
        }
    }

    @Test
    void locationAndJobFinishedEvents() throws Exception {
        String location = messages.locationEvent(
                OPENID, new BigDecimal("23.137466"), new BigDecimal("113.352425"), new BigDecimal("119.385040"));
        Map<String, String> l = fields(location);
        assertEquals("LOCATION", l.get("Event"));
        assertEquals("23.137466", l.get("Latitude"));
        assertEquals("113.352425", l.get("Longitude"));
        assertEquals("119.385040", l.get("Precision"));
        assertBare(location, "Latitude", "Longitude", "Precision");

        String template = messages.templateSendJobFinish(OPENID, "200163836", "failed:user block");
        Map<String, String> t = fields(template);
        assertEquals("TEMPLATESENDJOBFINISH", t.get("Event"));
        assertEquals("200163836", t.get("MsgID"));
        assertEquals("failed:user block", t.get("Status"));
        assertBare(template, "MsgID");

        String mass = messages.massSendJobFinish(OPENID, "1988", "send success", 100, 80, 75, 5);
        Map<String, String> m = fields(mass);
        assertEquals("MASSSENDJOBFINISH", m.get("Event"));
        assertEquals("1988", m.get("MsgID"));
        assertEquals("send success", m.get("Status"));
        assertEquals(
                List.of("100", "80", "75", "5"),
                List.of(m.get("TotalCount"), m.get("FilterCount"), m.get("SentCount"), m.get("ErrorCount")));
        assertBare(mass, "MsgID", "TotalCount", "FilterCount", "SentCount", "ErrorCount");
    }

    @Test
    void anyOtherEventForTheUnknownPath() throws Exception {
        Map<String, String> f = fields(messages.event(OPENID, "scancode_push", "rselfmenu_0_1"));
        assertEquals("scancode_push", f.get("Event"));
        assertEquals("rselfmenu_0_1", f.get("EventKey"));
        assertFalse(fields(messages.event(OPENID, "debug_demo", null)).containsKey("EventKey"));
    }

    @Test
    void valuesCannotBreakTheDocument() throws Exception {
        String tricky = "<b>&amp;</b> ]]> <xml> 😀👍🏽 ]]]]>";
        assertEquals(tricky, fields(messages.text(OPENID, tricky)).get("Content"));
        assertThrows(IllegalArgumentException.class, () -> messages.text(OPENID, "bell \u0007"));
        assertThrows(IllegalArgumentException.class, () -> messages.text(OPENID, null));
        assertThrows(IllegalArgumentException.class, () -> messages.text(" ", "hi"));
        assertThrows(IllegalArgumentException.class, () -> messages.templateSendJobFinish(OPENID, "1</MsgID>", "ok"));
    }

    @Test
    void msgIdsArePositive64BitAndUniqueAcrossThreads() throws Exception {
        Set<String> ids = ConcurrentHashMap.newKeySet();
        IntStream.range(0, 20_000).parallel().forEach(i -> ids.add(CallbackMessages.nextMsgId()));
        assertEquals(20_000, ids.size());
        for (String id : ids) {
            long value = Long.parseLong(id); // fits a signed 64-bit integer
            assertTrue(value > 0);
        }
        Set<String> inMessages = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            inMessages.add(fields(messages.text(OPENID, "x")).get("MsgId"));
        }
        assertEquals(100, inMessages.size());
    }

    @Test
    void theDerivedOriginalIdHasWeChatsShapeAndIsStable() {
        String id = CallbackMessages.originalIdFor("wx0123456789abcdef");
        assertTrue(id.matches("gh_[0-9a-f]{12}"), id);
        assertEquals(id, CallbackMessages.originalIdFor("wx0123456789abcdef"));
        assertFalse(id.equals(CallbackMessages.originalIdFor("wx0123456789abcdeF")));
        assertEquals(id, CallbackMessages.forAppId("wx0123456789abcdef").originalId());
    }

    @Test
    void theClockStampsCreateTime() throws Exception {
        long[] now = {1_700_000_000L};
        CallbackMessages clocked = new CallbackMessages(GH, () -> now[0]++);
        assertEquals("1700000000", fields(clocked.click(OPENID, "A")).get("CreateTime"));
        assertEquals("1700000001", fields(clocked.click(OPENID, "A")).get("CreateTime"));
    }
}
