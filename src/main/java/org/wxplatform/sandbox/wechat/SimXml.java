package org.wxplatform.sandbox.wechat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * The XML the WeChat side writes and reads: CDATA values that cannot break out of their element, and a
 * parser that refuses DTDs and external entities (answers come from the product under test, which may be
 * wrong, never from a trusted source). JDK only.
 */
final class SimXml {

    private SimXml() {}

    /** {@code <name><![CDATA[value]]></name>}, with {@code "]]>"} split across two CDATA sections. */
    static String cdata(String name, String value) {
        return "<" + name + "><![CDATA[" + checkedText(name, value).replace("]]>", "]]]]><![CDATA[>") + "]]></" + name
                + ">";
    }

    /** {@code <name>value</name>} for values WeChat writes bare (times, ids, numbers). */
    static String bare(String name, Object value) {
        String text = String.valueOf(value);
        if (text.isEmpty()) {
            throw new IllegalArgumentException(name + " is required");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean plain = (c >= '0' && c <= '9')
                    || (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || c == '.'
                    || c == '-'
                    || c == '+'
                    || c == '_';
            if (!plain) {
                throw new IllegalArgumentException(name + " must be a plain number or id");
            }
        }
        return "<" + name + ">" + text + "</" + name + ">";
    }

    /** Refuses characters that XML 1.0 cannot carry at all (WeChat never sends them). */
    private static String checkedText(String name, String value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean allowed = c == '\t'
                    || c == '\n'
                    || c == '\r'
                    || (c >= 0x20 && c <= 0xD7FF)
                    || c >= 0xE000
                    || Character.isSurrogate(c);
            if (!allowed || c == 0xFFFE || c == 0xFFFF) {
                throw new IllegalArgumentException(name + " holds a character XML cannot carry (U+"
                        + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT) + ")");
            }
        }
        return value;
    }

    /** Parses a document without DTDs, entities or XInclude. */
    static Element parse(String xml) throws MalformedXmlException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            factory.setNamespaceAware(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            // the default handler prints parse errors to stderr before throwing them
            builder.setErrorHandler(new DefaultHandler());
            return builder.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))
                    .getDocumentElement();
        } catch (SAXException | IOException e) {
            throw new MalformedXmlException("not well-formed XML", e);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK XML parser refuses secure settings", e);
        }
    }

    /** The child elements of {@code parent}, in document order. */
    static List<Element> children(Element parent) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                out.add(e);
            }
        }
        return out;
    }

    /** Text of the leaf children of {@code parent} by name (the first one wins when a name repeats). */
    static Map<String, String> leaves(Element parent) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Element child : children(parent)) {
            if (children(child).isEmpty()) {
                out.putIfAbsent(child.getTagName(), child.getTextContent());
            }
        }
        return out;
    }

    /** XML that could not be parsed. */
    static final class MalformedXmlException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedXmlException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
