package org.wxplatform.message.xml;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import org.xml.sax.Attributes;
import org.xml.sax.EntityResolver;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;

/**
 * The only XML parser for bodies that come from the network.
 *
 * <p>Guarantees, for every document it accepts:
 * <ul>
 *   <li>the body is at most {@link #maxBytes()} bytes of UTF-8 (WeChat sends nothing else);
 *   <li>it has no document type declaration: the parser is configured with {@code disallow-doctype-decl}
 *       and stops at the DOCTYPE, so there are no DTDs, no custom or external entities (XXE, "billion
 *       laughs"), and no external fetches of any kind (an entity resolver that refuses everything and
 *       empty external-access lists stand behind it);
 *   <li>XInclude is off and the JDK's secure-processing limits are on;
 *   <li>the root element is {@code <xml>}, nesting is at most {@value #MAX_DEPTH} levels, text is not mixed
 *       with child elements, and no element has two leaf children of the same name (a second
 *       {@code <Content>} cannot shadow the first).
 * </ul>
 * Anything else is a {@link MalformedMessageException} with a client-safe reason; nothing is returned
 * half-parsed.
 *
 * <p>A document plainly in WeChat's shape (elements without attributes, text, CDATA, the five predefined
 * entities; see {@link FlatXml}) is read by a scanner that gives the very tree the full parse would; every
 * other document, hostile ones included, gets the full parse, which accepts or refuses it. The full parse
 * reads the document as a stream (SAX), never as a DOM, by a reader that is configured once and reused:
 * parses take readers from a pool, so no parse pays for setting up a parser.
 *
 * <p>Thread-safe: the factory is configured once and never changed; a reader serves one parse at a time.
 */
public final class SafeXml {

    /** Default body limit: far above any WeChat callback (a text message is at most a few KiB). */
    public static final int DEFAULT_MAX_BYTES = 64 * 1024;

    /** The deepest WeChat nesting is four levels ({@code xml/CopyrightCheckResult/ResultList/item}). */
    public static final int MAX_DEPTH = 8;

    private static final String ROOT = "xml";

    private static final ErrorHandler FAIL_ON_ERROR = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
            // warnings do not make a document invalid
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };

    private static final EntityResolver REFUSE_ENTITIES = (publicId, systemId) -> {
        throw new SAXException("external entities are not allowed");
    };

    /** Set between parses, so that a pooled reader holds on to no document. */
    private static final DefaultHandler NO_CONTENT = new DefaultHandler();

    /** Readers are not thread-safe but reusable: each parse takes one from here and puts it back. */
    private static final int POOLED_READERS = 256;

    private final int maxBytes;
    private final SAXParserFactory factory;
    private final ArrayBlockingQueue<XMLReader> readers = new ArrayBlockingQueue<>(POOLED_READERS);

    /** With {@link #DEFAULT_MAX_BYTES}. */
    public SafeXml() {
        this(DEFAULT_MAX_BYTES);
    }

    /** @param maxBytes the largest body accepted, in bytes of UTF-8 */
    public SafeXml(int maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive");
        }
        this.maxBytes = maxBytes;
        this.factory = secureFactory();
    }

    public int maxBytes() {
        return maxBytes;
    }

    /**
     * Reads a request body, refusing it as soon as it exceeds the limit (so a huge body is never buffered).
     *
     * @throws MalformedMessageException {@code TOO_LARGE}
     */
    public byte[] readBody(InputStream in) throws IOException, MalformedMessageException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxBytes, 8 * 1024));
        byte[] buffer = new byte[8 * 1024];
        int total = 0;
        int n;
        while ((n = in.read(buffer)) != -1) {
            total += n;
            if (total > maxBytes) {
                throw new MalformedMessageException(MalformedMessageException.Reason.TOO_LARGE);
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /** Parses a UTF-8 body into its {@code <xml>} root element. */
    public XmlElement parse(byte[] body) throws MalformedMessageException {
        if (body == null || body.length == 0) {
            throw new MalformedMessageException(MalformedMessageException.Reason.MALFORMED);
        }
        if (body.length > maxBytes) {
            throw new MalformedMessageException(MalformedMessageException.Reason.TOO_LARGE);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new MalformedMessageException(MalformedMessageException.Reason.MALFORMED, null, e);
        }
        return parseText(text);
    }

    /** Parses a document already decoded (for example the plaintext of a safe-mode message). */
    public XmlElement parse(String xml) throws MalformedMessageException {
        if (xml == null || xml.isEmpty()) {
            throw new MalformedMessageException(MalformedMessageException.Reason.MALFORMED);
        }
        if (utf8Length(xml) > maxBytes) {
            throw new MalformedMessageException(MalformedMessageException.Reason.TOO_LARGE);
        }
        return parseText(xml);
    }

    /** The leaf fields of the {@code <xml>} root, in document order. */
    public Map<String, String> parseFields(byte[] body) throws MalformedMessageException {
        return parse(body).fields();
    }

    /** The leaf fields of the {@code <xml>} root, in document order. */
    public Map<String, String> parseFields(String xml) throws MalformedMessageException {
        return parse(xml).fields();
    }

    private XmlElement parseText(String text) throws MalformedMessageException {
        if (text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        XmlElement plain = FlatXml.tryParse(text);
        if (plain != null) {
            return plain; // plainly in WeChat's shape: the same tree the full parse gives (FlatXml)
        }
        return parseFull(text);
    }

    /** The full parse (Xerces SAX with the checks of the class comment), for what FlatXml does not take. */
    XmlElement parseFull(String text) throws MalformedMessageException {
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        XMLReader reader = readers.poll();
        if (reader == null) {
            reader = newReader();
        }
        TreeBuilder tree = new TreeBuilder();
        boolean reusable = false;
        try {
            reader.setContentHandler(tree);
            reader.parse(new InputSource(new StringReader(text)));
            reusable = true;
        } catch (SAXException | IOException e) {
            if (tree.refusal != null) {
                throw tree.refusal;
            }
            // The parser stops at the DOCTYPE itself (disallow-doctype-decl), before any declaration in it
            // is read. Naming the reason from the input rather than from the parser's message keeps it
            // independent of the parser's localised texts.
            MalformedMessageException.Reason reason = text.contains("<!DOCTYPE")
                    ? MalformedMessageException.Reason.DOCTYPE
                    : MalformedMessageException.Reason.MALFORMED;
            throw new MalformedMessageException(reason, null, e);
        } finally {
            reader.setContentHandler(NO_CONTENT);
            if (reusable) {
                // a reader that failed mid-document is dropped, never reused
                readers.offer(reader);
            }
        }
        return tree.root;
    }

    /**
     * Builds the {@link XmlElement} tree while the document streams by, with the checks of the class
     * comment: root {@code <xml>}, depth, no text mixed with elements, no duplicate leaf names. A check that
     * fails stops the parse with the refusal kept in {@link #refusal}.
     */
    private static final class TreeBuilder extends DefaultHandler {
        private final ArrayDeque<Open> open = new ArrayDeque<>();
        private XmlElement root;
        private MalformedMessageException refusal;

        /** An element being read: its name, its text so far and its finished children. */
        private static final class Open {
            final String name;
            final StringBuilder text = new StringBuilder();
            List<XmlElement> children;
            Set<String> leafNames;

            Open(String name) {
                this.name = name;
            }
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes)
                throws SAXException {
            if (open.isEmpty() && !ROOT.equals(qName)) {
                throw refuse(MalformedMessageException.Reason.NOT_WECHAT_XML);
            }
            if (open.size() >= MAX_DEPTH) {
                throw refuse(MalformedMessageException.Reason.TOO_DEEP);
            }
            open.push(new Open(qName));
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            Open element = open.peek();
            if (element != null) {
                element.text.append(ch, start, length);
            }
        }

        @Override
        public void ignorableWhitespace(char[] ch, int start, int length) {
            characters(ch, start, length);
        }

        @Override
        public void endElement(String uri, String localName, String qName) throws SAXException {
            Open element = open.pop();
            XmlElement done;
            if (element.children == null) {
                done = new XmlElement(element.name, element.text.toString(), List.of());
            } else {
                if (!isBlank(element.text)) {
                    // WeChat never mixes text with child elements; accepting it would mean guessing which wins.
                    throw refuse(MalformedMessageException.Reason.NOT_WECHAT_XML);
                }
                done = new XmlElement(element.name, "", element.children);
            }
            Open parent = open.peek();
            if (parent == null) {
                root = done;
                return;
            }
            if (parent.children == null) {
                parent.children = new ArrayList<>(16);
                parent.leafNames = new HashSet<>(32);
            }
            if (done.isLeaf() && !parent.leafNames.add(done.name())) {
                throw refuse(MalformedMessageException.Reason.DUPLICATE_FIELD);
            }
            parent.children.add(done);
        }

        private SAXException refuse(MalformedMessageException.Reason reason) {
            refusal = new MalformedMessageException(reason);
            return new SAXException(reason.name());
        }

        private static boolean isBlank(CharSequence s) {
            for (int i = 0; i < s.length(); i++) {
                if (!Character.isWhitespace(s.charAt(i))) {
                    return false;
                }
            }
            return true;
        }
    }

    private XMLReader newReader() {
        try {
            XMLReader reader = factory.newSAXParser().getXMLReader();
            reader.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            reader.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            reader.setErrorHandler(FAIL_ON_ERROR);
            reader.setEntityResolver(REFUSE_ENTITIES);
            return reader;
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("XML parser configuration", e);
        }
    }

    private static SAXParserFactory secureFactory() {
        // The JDK's own implementation, whatever a container puts on the service path: the features below
        // are the ones it is known to honour.
        SAXParserFactory factory = SAXParserFactory.newDefaultInstance();
        try {
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("the JDK XML parser lacks a required security feature", e);
        }
        factory.setXIncludeAware(false);
        factory.setNamespaceAware(false);
        factory.setValidating(false);
        return factory;
    }

    private static int utf8Length(String s) {
        int bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
