package org.wxplatform.message.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fast path of {@link SafeXml} decides nothing on its own: for WeChat's messages it gives the tree the
 * full parse gives, and for any document it takes (here: thousands of mutations of those messages, with
 * the characters XML is picky about) the full parse accepts the document with the same tree.
 */
class FlatXmlTest {

    private final SafeXml xml = new SafeXml();

    static final List<String> WECHAT = List.of(
            "<xml><ToUserName><![CDATA[gh_123456789abc]]></ToUserName><FromUserName><![CDATA[oUser-1_x]]></FromUserName>"
                    + "<CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType>"
                    + "<Content><![CDATA[查话费 😀 a<b & c]]></Content><MsgId>24112233445566778</MsgId></xml>",
            "<xml>\n  <ToUserName><![CDATA[toUser]]></ToUserName>\n  <FromUserName><![CDATA[fromUser]]></FromUserName>\n"
                    + "  <CreateTime>1348831860</CreateTime>\n  <MsgType><![CDATA[image]]></MsgType>\n"
                    + "  <PicUrl><![CDATA[http://mmbiz.qpic.cn/x?a=1&b=2]]></PicUrl>\n  <MediaId><![CDATA[media_id]]></MediaId>\n"
                    + "  <MsgId>1234567890123456</MsgId>\n</xml>",
            "<xml><ToUserName>t</ToUserName><FromUserName>f</FromUserName><CreateTime>1</CreateTime>"
                    + "<MsgType>text</MsgType><Content>fish &amp; chips &lt;3 &gt; &quot;x&quot; &apos;y&apos;</Content></xml>",
            "<xml><ToUserName><![CDATA[toUser]]></ToUserName><FromUserName><![CDATA[FromUser]]></FromUserName>"
                    + "<CreateTime>123456789</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[CLICK]]></Event>"
                    + "<EventKey><![CDATA[EVENTKEY]]></EventKey></xml>",
            "<xml><ToUserName><![CDATA[gh_e136c6e50636]]></ToUserName><FromUserName><![CDATA[oMgHVjngRipVsoxg6TuX3vz6glDg]]></FromUserName>"
                    + "<CreateTime>1408090502</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[scancode_push]]></Event>"
                    + "<EventKey><![CDATA[6]]></EventKey><ScanCodeInfo><ScanType><![CDATA[qrcode]]></ScanType>"
                    + "<ScanResult><![CDATA[1]]></ScanResult></ScanCodeInfo></xml>",
            "<xml><ToUserName><![CDATA[gh_e136c6e50636]]></ToUserName><FromUserName><![CDATA[oMgHVjngRipVsoxg6TuX3vz6glDg]]></FromUserName>"
                    + "<CreateTime>1408090816</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[pic_weixin]]></Event>"
                    + "<EventKey><![CDATA[6]]></EventKey><SendPicsInfo><Count>1</Count><PicList><item><PicMd5Sum>"
                    + "<![CDATA[5a75aaca956d97be686719218f275c6b]]></PicMd5Sum></item><item><PicMd5Sum><![CDATA[b]]></PicMd5Sum>"
                    + "</item></PicList></SendPicsInfo></xml>",
            "<xml><ToUserName><![CDATA[gh_7f083739789a]]></ToUserName><FromUserName><![CDATA[oia2TjuEGTNoeX76QEjQNrcURxG8]]></FromUserName>"
                    + "<CreateTime>1395658920</CreateTime><MsgType><![CDATA[event]]></MsgType>"
                    + "<Event><![CDATA[TEMPLATESENDJOBFINISH]]></Event><MsgID>200163836</MsgID>"
                    + "<Status><![CDATA[failed:user block]]></Status></xml>",
            "<xml><ToUserName><![CDATA[toUser]]></ToUserName><Encrypt><![CDATA[msg_encrypt+/=]]></Encrypt></xml>",
            "<xml><ToUserName><![CDATA[toUser]]></ToUserName><FromUserName><![CDATA[fromUser]]></FromUserName>"
                    + "<CreateTime>123456789</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[LOCATION]]></Event>"
                    + "<Latitude>23.137466</Latitude><Longitude>113.352425</Longitude><Precision>119.385040</Precision></xml>",
            "<xml><A></A><B/><C>  </C><D><![CDATA[]]></D><E>x<![CDATA[y]]>z</E></xml>",
            "  <xml><Content><![CDATA[]]]]><![CDATA[>]]></Content></xml>\n");

    @Test
    void weChatsMessagesTakeTheFastPathWithTheFullParsesTree() throws Exception {
        for (String doc : WECHAT) {
            XmlElement fast = FlatXml.tryParse(doc);
            assertNotNull(fast, "fast path for " + doc);
            assertEquals(xml.parseFull(doc), fast, doc);
            assertEquals(fast, xml.parse(doc));
        }
    }

    @Test
    void whatTheFullParserRefusesOrNormalisesIsLeftToIt() {
        List<String> others = List.of(
                "<?xml version=\"1.0\"?><xml><A>1</A></xml>",
                "<!DOCTYPE xml [<!ENTITY x \"y\">]><xml><A>&x;</A></xml>",
                "<xml><A>&x;</A></xml>",
                "<xml><A>&#60;</A></xml>",
                "<xml><A a=\"1\">1</A></xml>",
                "<xml><!-- c --><A>1</A></xml>",
                "<xml><?pi x?><A>1</A></xml>",
                "<xml><A>1\r\n2</A></xml>",
                "<xml><A>\u0001</A></xml>",
                "<xml><A>]]></A></xml>",
                "<xml><A>1</A><A>2</A></xml>",
                "<xml>text<A>1</A></xml>",
                "<xml><A>1</B></xml>",
                "<xml><A>1</A>",
                "<xml><A>1</A></xml><xml/>",
                "<root><A>1</A></root>",
                "<xml><a><b><c><d><e><f><g><h>1</h></g></f></e></d></c></b></a></xml>",
                "<xml><A>\uD83D</A></xml>",
                "<xml><" + "N".repeat(2000) + ">1</" + "N".repeat(2000) + "></xml>");
        for (String doc : others) {
            assertNull(FlatXml.tryParse(doc), doc);
        }
    }

    @Test
    void anyMutationTheFastPathTakesIsOneTheFullParseAcceptsTheSame() {
        String[] pieces = {
            "<",
            ">",
            "/",
            "&",
            ";",
            "]",
            "]]>",
            "<![CDATA[",
            "!",
            "?",
            "\r",
            "\n",
            " ",
            "\t",
            "\u0000",
            "\uD83D",
            "\uDE00",
            "😀",
            "amp",
            "lt",
            "#",
            "x",
            "A",
            "<A>",
            "</A>",
            "<A/>",
            "=\"1\"",
            "&amp;",
            "中"
        };
        Random random = new Random(20261204);
        int taken = 0;
        for (int run = 0; run < 40_000; run++) {
            StringBuilder doc = new StringBuilder(WECHAT.get(random.nextInt(WECHAT.size())));
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits; e++) {
                int at = random.nextInt(doc.length() + 1);
                switch (random.nextInt(3)) {
                    case 0 -> doc.insert(at, pieces[random.nextInt(pieces.length)]);
                    case 1 -> {
                        if (at < doc.length()) {
                            doc.delete(at, Math.min(doc.length(), at + 1 + random.nextInt(4)));
                        }
                    }
                    default -> {
                        if (at < doc.length()) {
                            doc.setCharAt(at, pieces[random.nextInt(pieces.length)].charAt(0));
                        }
                    }
                }
            }
            String s = doc.toString();
            XmlElement fast = FlatXml.tryParse(s);
            if (fast == null) {
                continue;
            }
            taken++;
            try {
                assertEquals(xml.parseFull(s), fast, s);
            } catch (MalformedMessageException refused) {
                fail("the fast path took a document the full parse refuses (" + refused.getMessage() + "): " + s);
            }
        }
        // the mutations keep a fair share of documents well-formed, so the property is tested, not vacuous
        assertEquals(true, taken > 2_000, "fast path took " + taken);
    }
}
