package org.wxplatform.log.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.wxplatform.message.xml.InboundParser;

/** Which callbacks are menu clicks, under which event and key. */
class MenuClicksTest {

    private final InboundParser parser = new InboundParser();

    private Optional<MenuClicks.Click> of(String event, String extra) throws Exception {
        return MenuClicks.of(
                parser.parse("<xml><ToUserName><![CDATA[gh_abc]]></ToUserName><FromUserName><![CDATA[oU1]]>"
                        + "</FromUserName><CreateTime>1764720000</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA["
                        + event + "]]></Event>" + extra + "</xml>"));
    }

    @Test
    void everyMenuEventIsAClickUnderItsKey() throws Exception {
        assertEquals(
                Optional.of(new MenuClicks.Click("CLICK", "BILL")),
                of("CLICK", "<EventKey><![CDATA[BILL]]></EventKey>"));
        assertEquals(
                Optional.of(new MenuClicks.Click("VIEW", "https://example.com/a")),
                of("VIEW", "<EventKey><![CDATA[https://example.com/a]]></EventKey><MenuId>1</MenuId>"));
        for (String event : MenuClicks.LOWER_CASE_EVENTS) {
            assertEquals(
                    Optional.of(new MenuClicks.Click(event, "K1")),
                    of(
                            event,
                            "<EventKey><![CDATA[K1]]></EventKey><ScanCodeInfo><ScanType>qrcode</ScanType></ScanCodeInfo>"),
                    event);
            assertEquals(Optional.of(event), MenuClicks.eventOf(event));
        }
        assertEquals(Optional.of("CLICK"), MenuClicks.eventOf("click"));
        assertEquals(Optional.of("VIEW"), MenuClicks.eventOf("view"));
        assertEquals(Optional.empty(), MenuClicks.eventOf(null), "a parent button sends no event");
    }

    @Test
    void otherEventsAreNotClicks() throws Exception {
        assertEquals(Optional.empty(), of("subscribe", ""));
        assertEquals(Optional.empty(), of("SCAN", "<EventKey><![CDATA[123]]></EventKey>"));
        assertEquals(Optional.empty(), of("scancode_push", ""), "no key, nothing to count");
        assertEquals(
                Optional.empty(),
                MenuClicks.of(parser.parse("<xml><ToUserName>gh_abc</ToUserName><FromUserName>oU1"
                        + "</FromUserName><CreateTime>1764720000</CreateTime><MsgType>text</MsgType><Content>BILL</Content>"
                        + "<MsgId>1234567890123456</MsgId></xml>")));
    }

    @Test
    void aKeyAndAUrlOfTheSameTextAreTwoCounters() {
        assertNotEquals(
                MenuClicks.hash(new MenuClicks.Click("CLICK", "https://example.com")),
                MenuClicks.hash(new MenuClicks.Click("VIEW", "https://example.com")));
        assertEquals(
                40,
                MenuClicks.hash(new MenuClicks.Click("CLICK", "键".repeat(40))).length());
    }
}
