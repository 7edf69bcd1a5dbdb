package org.wxplatform.message.xml;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

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
 * <p>Thread-safe: the factory is configured once and never changed; each parse uses its own builder.
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

    private final int maxBytes;
    private final DocumentBuilderFactory factory;

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
        Document document;
        try {
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(FAIL_ON_ERROR);
            builder.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entities are not allowed");
            });
            document = builder.parse(new InputSource(new StringReader(text)));
        } catch (SAXException | IOException e) {
            // The parser stops at the DOCTYPE itself (disallow-doctype-decl), before any declaration in it
            // is read. Naming the reason from the input rather than from the parser's message keeps it
            // independent of the parser's localised texts.
            MalformedMessageException.Reason reason = text.contains("<!DOCTYPE")
                    ? MalformedMessageException.Reason.DOCTYPE
                    : MalformedMessageException.Reason.MALFORMED;
            throw new MalformedMessageException(reason, null, e);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("XML parser configuration", e);
        }
        Element root = document.getDocumentElement();
        if (!ROOT.equals(root.getTagName())) {
            throw new MalformedMessageException(MalformedMessageException.Reason.NOT_WECHAT_XML);
        }
        return convert(root, 1);
    }

    private static XmlElement convert(Element element, int depth) throws MalformedMessageException {
        if (depth > MAX_DEPTH) {
            throw new MalformedMessageException(MalformedMessageException.Reason.TOO_DEEP);
        }
        List<XmlElement> children = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (Node node = element.getFirstChild(); node != null; node = node.getNextSibling()) {
            switch (node.getNodeType()) {
                case Node.ELEMENT_NODE -> children.add(convert((Element) node, depth + 1));
                case Node.TEXT_NODE, Node.CDATA_SECTION_NODE -> text.append(node.getNodeValue());
                default -> {
                    // comments and processing instructions carry no message data
                }
            }
        }
        if (children.isEmpty()) {
            return new XmlElement(element.getTagName(), text.toString(), List.of());
        }
        if (!text.toString().isBlank()) {
            // WeChat never mixes text with child elements; accepting it would mean guessing which wins.
            throw new MalformedMessageException(MalformedMessageException.Reason.NOT_WECHAT_XML);
        }
        Set<String> leafNames = new HashSet<>();
        for (XmlElement child : children) {
            if (child.isLeaf() && !leafNames.add(child.name())) {
                throw new MalformedMessageException(MalformedMessageException.Reason.DUPLICATE_FIELD);
            }
        }
        return new XmlElement(element.getTagName(), "", children);
    }

    private static DocumentBuilderFactory secureFactory() {
        // The JDK's own implementation, whatever a container puts on the service path: the features below
        // are the ones it is known to honour.
        DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
        try {
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK XML parser lacks a required security feature", e);
        }
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        factory.setNamespaceAware(false);
        factory.setValidating(false);
        factory.setIgnoringComments(true);
        // CDATA and text of one field arrive as one string (a value split around "]]>" is whole again).
        factory.setCoalescing(true);
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
