package org.wxplatform.message.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.wxplatform.message.xml.MalformedMessageException.Reason;

class SafeXmlTest {

    private final SafeXml xml = new SafeXml();

    // ---- hostile documents

    @Test
    void externalEntityToALocalFileIsRefusedAsDoctype() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                + "<xml><ToUserName>&xxe;</ToUserName><Content>&xxe;</Content></xml>";
        MalformedMessageException e = refused(Reason.DOCTYPE, xxe);
        assertFalse(e.getMessage().contains("passwd"));
        assertFalse(e.getMessage().contains("root:"));
    }

    @Test
    void parameterEntityAndExternalDtdAreRefusedWithoutAnyFetch() {
        refused(
                Reason.DOCTYPE,
                "<!DOCTYPE xml [<!ENTITY % remote SYSTEM \"http://127.0.0.1:1/evil.dtd\"> %remote;]><xml/>");
        refused(Reason.DOCTYPE, "<!DOCTYPE xml SYSTEM \"http://127.0.0.1:1/evil.dtd\"><xml/>");
        refused(Reason.DOCTYPE, "<!DOCTYPE xml PUBLIC \"-//X//Y\" \"file:///etc/passwd\"><xml/>");
    }

    @Test
    void billionLaughsIsRefusedBeforeAnyExpansion() {
        StringBuilder doc = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (int i = 1; i <= 9; i++) {
            doc.append("<!ENTITY lol").append(i).append(" \"");
            doc.append(("&lol" + (i == 1 ? "" : String.valueOf(i - 1)) + ";").repeat(10));
            doc.append("\">");
        }
        doc.append("]><xml><Content>&lol9;</Content></xml>");
        long start = System.nanoTime();
        refused(Reason.DOCTYPE, doc.toString());
        assertTrue(System.nanoTime() - start < 2_000_000_000L, "refused quickly");
    }

    @Test
    void evenAHarmlessDoctypeIsRefusedByTheParserItself() {
        // Nothing in this DOCTYPE is dangerous, so only the parser's disallow-doctype-decl can refuse it.
        refused(Reason.DOCTYPE, "<!DOCTYPE xml><xml><Content>x</Content></xml>");
        refused(Reason.DOCTYPE, "<?xml version=\"1.0\"?>\n<!DOCTYPE xml [<!ELEMENT xml ANY>]><xml/>");
    }

    @Test
    void anUndeclaredEntityIsMalformedNotResolved() {
        refused(Reason.MALFORMED, "<xml><Content>&xxe;</Content></xml>");
    }

    @Test
    void xincludeIsNotProcessed() throws Exception {
        XmlElement root = xml.parse("<xml xmlns:xi=\"http://www.w3.org/2001/XInclude\">"
                + "<xi:include href=\"file:///etc/passwd\" parse=\"text\"/><Content>x</Content></xml>");
        assertEquals("", root.field("xi:include"));
        assertEquals("x", root.field("Content"));
    }

    @Test
    void oversizedBodyIsRefused() throws Exception {
        SafeXml small = new SafeXml(1024);
        String fits = "<xml><Content>" + "a".repeat(1024 - 30) + "</Content></xml>";
        assertEquals(1024, fits.getBytes(StandardCharsets.UTF_8).length);
        assertEquals(
                1024 - 30,
                small.parse(fits.getBytes(StandardCharsets.UTF_8))
                        .field("Content")
                        .length());
        String tooBig = "<xml><Content>" + "a".repeat(1024 - 29) + "</Content></xml>";
        MalformedMessageException e = assertThrows(
                MalformedMessageException.class, () -> small.parse(tooBig.getBytes(StandardCharsets.UTF_8)));
        assertEquals(Reason.TOO_LARGE, e.reason());
        // Strings are measured in UTF-8 bytes, not characters: 400 Chinese characters are 1,200 bytes.
        String chinese = "<xml><Content>" + "中".repeat(400) + "</Content></xml>";
        assertEquals(
                Reason.TOO_LARGE,
                assertThrows(MalformedMessageException.class, () -> small.parse(chinese))
                        .reason());
    }

    @Test
    void readBodyStopsAtTheLimitInsteadOfBufferingAHugeBody() {
        SafeXml small = new SafeXml(64 * 1024);
        AtomicLong served = new AtomicLong();
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                served.incrementAndGet();
                return 'a';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                served.addAndGet(len);
                java.util.Arrays.fill(b, off, off + len, (byte) 'a');
                return len;
            }
        };
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> small.readBody(endless));
        assertEquals(Reason.TOO_LARGE, e.reason());
        assertTrue(served.get() <= 64 * 1024 + 8 * 1024, "read " + served.get());
    }

    @Test
    void readBodyReturnsABodyWithinTheLimit() throws IOException, MalformedMessageException {
        byte[] body = "<xml><a>1</a></xml>".getBytes(StandardCharsets.UTF_8);
        assertEquals(
                new String(body, StandardCharsets.UTF_8),
                new String(xml.readBody(new ByteArrayInputStream(body)), StandardCharsets.UTF_8));
    }

    @Test
    void malformedDocumentsAreRefused() {
        refused(Reason.MALFORMED, "<xml><Content>unclosed</xml>");
        refused(Reason.MALFORMED, "<xml><Content>x</Content>");
        refused(Reason.MALFORMED, "not xml at all");
        refused(Reason.MALFORMED, "<xml></xml><xml></xml>");
        refused(Reason.MALFORMED, "");
        assertEquals(
                Reason.MALFORMED,
                assertThrows(MalformedMessageException.class, () -> xml.parse(new byte[] {'<', 'x', (byte) 0xC3, '>'}))
                        .reason());
        assertEquals(
                Reason.MALFORMED,
                assertThrows(MalformedMessageException.class, () -> xml.parse((byte[]) null))
                        .reason());
    }

    @Test
    void documentsThatAreNotWeChatShapedAreRefused() {
        refused(Reason.NOT_WECHAT_XML, "<root><Content>x</Content></root>");
        refused(Reason.NOT_WECHAT_XML, "<xml>text<Content>x</Content></xml>");
        refused(Reason.DUPLICATE_FIELD, "<xml><Content>a</Content><Content>b</Content></xml>");
        refused(Reason.TOO_DEEP, "<xml>" + "<a>".repeat(8) + "x" + "</a>".repeat(8) + "</xml>");
    }

    @Test
    void nestingAsDeepAsWeChatsIsAccepted() throws Exception {
        XmlElement root = xml.parse("<xml>" + "<a>".repeat(7) + "x" + "</a>".repeat(7) + "</xml>");
        assertEquals("a", root.children().get(0).name());
    }

    @Test
    void refusalMessagesAreShortFixedAndFreeOfInput() {
        List<String> hostile = List.of(
                "<!DOCTYPE xml [<!ENTITY secret SYSTEM \"file:///etc/shadow\">]><xml>&secret;</xml>",
                "<xml><SECRET-TOKEN>x</xml>",
                "<xml><K>a</K><K>b</K></xml>",
                "<SECRET-ROOT/>");
        for (String body : hostile) {
            MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> xml.parse(body));
            assertEquals(e.reason().text(), e.getMessage());
            assertTrue(e.getMessage().length() < 40);
            assertFalse(e.getMessage().toLowerCase().contains("secret"), e.getMessage());
            assertFalse(e.getMessage().contains("Exception"), e.getMessage());
        }
    }

    // ---- what WeChat does send

    @Test
    void cdataAndTextAreReadExactlyAndSplitCdataIsJoined() throws Exception {
        Map<String, String> fields = xml.parseFields("<xml><A><![CDATA[ spaced ]]></A><B>plain</B>"
                + "<C><![CDATA[a]]]]><![CDATA[>b]]></C><D>&lt;&amp;&gt;</D><E></E><F><![CDATA[]]></F>"
                + "<!-- comment --><G>x<!-- inside -->y</G></xml>");
        assertEquals(" spaced ", fields.get("A"));
        assertEquals("plain", fields.get("B"));
        assertEquals("a]]>b", fields.get("C"));
        assertEquals("<&>", fields.get("D"));
        assertEquals("", fields.get("E"));
        assertEquals("", fields.get("F"));
        assertEquals("xy", fields.get("G"));
        assertEquals(List.of("A", "B", "C", "D", "E", "F", "G"), List.copyOf(fields.keySet()));
    }

    @Test
    void prettyPrintedDocumentsWithDeclarationAndBomParse() throws Exception {
        byte[] body =
                ("\uFEFF<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xml>\n  <ToUserName><![CDATA[gh_1]]></ToUserName>\n"
                                + "  <Content><![CDATA[你好 😀]]></Content>\n</xml>\n")
                        .getBytes(StandardCharsets.UTF_8);
        Map<String, String> fields = xml.parseFields(body);
        assertEquals(Map.of("ToUserName", "gh_1", "Content", "你好 😀"), fields);
    }

    @Test
    void nestedElementsAreKeptAsChildrenButNotAsFields() throws Exception {
        XmlElement root = xml.parse("<xml><MsgType>news</MsgType><Articles><item><Title>a</Title></item>"
                + "<item><Title>b</Title></item></Articles></xml>");
        assertEquals(Map.of("MsgType", "news"), root.fields());
        List<XmlElement> items = root.child("Articles").orElseThrow().children("item");
        assertEquals(
                List.of("a", "b"), items.stream().map(i -> i.field("Title")).toList());
        assertNull(root.field("Articles"));
    }

    private MalformedMessageException refused(Reason reason, String body) {
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> xml.parse(body));
        assertEquals(reason, e.reason(), () -> "for " + body);
        MalformedMessageException fromBytes =
                assertThrows(MalformedMessageException.class, () -> xml.parse(body.getBytes(StandardCharsets.UTF_8)));
        assertEquals(reason, fromBytes.reason(), () -> "for bytes of " + body);
        return e;
    }

    @Test
    void pooledReadersParseConcurrentlyAndAFailedParseLeavesNothingBehind() throws Exception {
        int threads = 8;
        int perThread = 2000;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<Integer>> done = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    int ok = 0;
                    for (int i = 0; i < perThread; i++) {
                        String id = thread + "-" + i;
                        if (i % 7 == 0) {
                            // a broken document in between: refused, and the next parse is clean
                            assertThrows(
                                    MalformedMessageException.class,
                                    () -> xml.parse("<xml><Content><![CDATA[" + id + "]]></Content><Open>"));
                            assertThrows(
                                    MalformedMessageException.class, () -> xml.parse("<xml><A>1</A><A>2</A></xml>"));
                            continue;
                        }
                        Map<String, String> f = xml.parseFields("<xml><FromUserName><![CDATA[o" + id
                                + "]]></FromUserName><Content>a &amp; <![CDATA[" + id + "]]></Content></xml>");
                        assertEquals(Map.of("FromUserName", "o" + id, "Content", "a & " + id), f);
                        ok++;
                    }
                    return ok;
                }));
            }
            int ok = 0;
            for (var f : done) {
                ok += f.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
            assertEquals(threads * (perThread - (perThread + 6) / 7), ok);
        } finally {
            pool.shutdownNow();
        }
    }
}
