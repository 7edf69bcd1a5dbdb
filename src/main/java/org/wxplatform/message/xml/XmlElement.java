package org.wxplatform.message.xml;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One element of a parsed WeChat XML document: its name, its text when it is a leaf, and its child
 * elements in document order.
 *
 * <p>WeChat XML is a flat list of leaf fields under {@code <xml>}, with nesting only in a few places
 * ({@code <Image><MediaId>} in replies, {@code <Articles><item>} in news). A leaf's text is the
 * concatenation of its text and CDATA content, exactly as sent (not trimmed). Attributes, comments and
 * processing instructions are not kept.
 *
 * @param name the element name
 * @param text the text of a leaf; empty for an element with children
 * @param children child elements, in order (unmodifiable)
 */
public record XmlElement(String name, String text, List<XmlElement> children) {

    public XmlElement {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(text, "text");
        children = List.copyOf(children);
    }

    /** Whether this element has no child elements. */
    public boolean isLeaf() {
        return children.isEmpty();
    }

    /** The first child with this name. */
    public Optional<XmlElement> child(String childName) {
        for (XmlElement child : children) {
            if (child.name.equals(childName)) {
                return Optional.of(child);
            }
        }
        return Optional.empty();
    }

    /** All children with this name, in order (the {@code <item>}s of news articles). */
    public List<XmlElement> children(String childName) {
        List<XmlElement> matches = new ArrayList<>();
        for (XmlElement child : children) {
            if (child.name.equals(childName)) {
                matches.add(child);
            }
        }
        return matches;
    }

    /** The text of the leaf child with this name, or null when there is none. */
    public String field(String childName) {
        for (XmlElement child : children) {
            if (child.name.equals(childName) && child.isLeaf()) {
                return child.text;
            }
        }
        return null;
    }

    /**
     * The leaf children as a name-to-text map, in document order (unmodifiable). Children that have
     * children of their own (nested structures WeChat adds to some events) are not in it. {@link SafeXml}
     * refuses a document in which one element has two leaf children of the same name, so no field is lost.
     */
    public Map<String, String> fields() {
        Map<String, String> fields = new LinkedHashMap<>();
        for (XmlElement child : children) {
            if (child.isLeaf()) {
                fields.putIfAbsent(child.name, child.text);
            }
        }
        return Collections.unmodifiableMap(fields);
    }
}
