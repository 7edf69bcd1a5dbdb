package org.wxplatform.message.xml;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A fixed XML template with named slots, filled with escaped data: how every WeChat XML document the product
 * writes is made.
 *
 * <p>Slot syntax:
 * <ul>
 *   <li>{@code {{Name}}} a required value. Inside a CDATA section of the template a string is written as
 *       CDATA content ("]]>" split as {@code ]]]]><![CDATA[>}); outside, it is escaped as XML text. Numbers
 *       are written in plain decimal.
 *   <li>{@code {{?Name}}} an optional element: nothing when the value is null, otherwise
 *       {@code <Name><![CDATA[value]]></Name>} for a string or {@code <Name>value</Name>} for a number.
 *   <li>{@code {{&Name}}} a {@link Fragment} rendered by another template (repeated or optional blocks).
 * </ul>
 * In every string, characters that XML 1.0 cannot carry at all (most C0 controls, unpaired surrogates,
 * U+FFFE/U+FFFF) are dropped, and carriage returns are written as {@code &#13;} so that the parser's
 * line-end normalisation does not turn "\r\n" into "\n".
 */
final class XmlTemplate {

    /** XML rendered by a template, to be placed in another template's {@code {{&Name}}} slot. */
    record Fragment(String xml) {
        static final Fragment EMPTY = new Fragment("");

        Fragment {
            Objects.requireNonNull(xml);
        }
    }

    /** Values for one rendering; nulls are allowed (for optional slots). */
    static final class Values {
        private final Map<String, Object> map = new HashMap<>();

        Values put(String name, Object value) {
            map.put(name, value);
            return this;
        }
    }

    private sealed interface Segment {}

    private record Literal(String text) implements Segment {}

    private record Slot(String name, boolean inCdata) implements Segment {}

    private record OptionalElement(String name) implements Segment {}

    private record Raw(String name) implements Segment {}

    private static final String CDATA_OPEN = "<![CDATA[";
    private static final String CDATA_CLOSE = "]]>";

    private final List<Segment> segments;

    private XmlTemplate(List<Segment> segments) {
        this.segments = List.copyOf(segments);
    }

    static Values values() {
        return new Values();
    }

    /** Compiles a template; a malformed slot is a programming error and fails at class initialisation. */
    static XmlTemplate compile(String template) {
        List<Segment> segments = new ArrayList<>();
        boolean inCdata = false;
        int pos = 0;
        while (pos < template.length()) {
            int open = template.indexOf("{{", pos);
            String literal = open < 0 ? template.substring(pos) : template.substring(pos, open);
            inCdata = cdataStateAfter(literal, inCdata);
            if (!literal.isEmpty()) {
                segments.add(new Literal(literal));
            }
            if (open < 0) {
                break;
            }
            int close = template.indexOf("}}", open);
            if (close < 0) {
                throw new IllegalArgumentException("unclosed slot at " + open);
            }
            String slot = template.substring(open + 2, close);
            if (slot.startsWith("?")) {
                requireOutsideCdata(inCdata, slot);
                segments.add(new OptionalElement(requireName(slot.substring(1))));
            } else if (slot.startsWith("&")) {
                requireOutsideCdata(inCdata, slot);
                segments.add(new Raw(requireName(slot.substring(1))));
            } else {
                segments.add(new Slot(requireName(slot), inCdata));
            }
            pos = close + 2;
        }
        if (inCdata) {
            throw new IllegalArgumentException("template ends inside CDATA");
        }
        return new XmlTemplate(segments);
    }

    String render(Values values) {
        StringBuilder out = new StringBuilder(256);
        for (Segment segment : segments) {
            if (segment instanceof Literal literal) {
                out.append(literal.text());
            } else if (segment instanceof Slot slot) {
                Object value = required(values, slot.name());
                if (value instanceof String s) {
                    if (slot.inCdata()) {
                        appendCdataContent(out, s);
                    } else {
                        appendText(out, s);
                    }
                } else {
                    out.append(number(value, slot.name()));
                }
            } else if (segment instanceof OptionalElement element) {
                Object value = values.map.get(element.name());
                if (value != null) {
                    out.append('<').append(element.name()).append('>');
                    if (value instanceof String s) {
                        out.append(CDATA_OPEN);
                        appendCdataContent(out, s);
                        out.append(CDATA_CLOSE);
                    } else {
                        out.append(number(value, element.name()));
                    }
                    out.append("</").append(element.name()).append('>');
                }
            } else if (segment instanceof Raw raw) {
                if (!(required(values, raw.name()) instanceof Fragment fragment)) {
                    throw new IllegalArgumentException(raw.name() + " must be a Fragment");
                }
                out.append(fragment.xml());
            }
        }
        return out.toString();
    }

    Fragment fragment(Values values) {
        return new Fragment(render(values));
    }

    /** Writes a string as CDATA content; the surrounding {@code <![CDATA[ ]]>} come from the template. */
    static void appendCdataContent(StringBuilder out, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ']' && s.startsWith("]]>", i)) {
                // Close the section after "]]" and reopen it before ">": the parser joins them back.
                out.append("]]]]><![CDATA[>");
                i += 2;
            } else if (c == '\r') {
                out.append(CDATA_CLOSE).append("&#13;").append(CDATA_OPEN);
            } else {
                i = appendIfXmlChar(out, s, i);
            }
        }
    }

    /** Writes a string as escaped XML text. */
    static void appendText(StringBuilder out, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '\r' -> out.append("&#13;");
                default -> i = appendIfXmlChar(out, s, i);
            }
        }
    }

    /** Appends the character (or surrogate pair) at {@code i} if XML 1.0 allows it; returns the last index used. */
    private static int appendIfXmlChar(StringBuilder out, String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                out.append(c).append(s.charAt(i + 1));
                return i + 1;
            }
            return i;
        }
        boolean allowed = c == '\t' || c == '\n' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD);
        if (allowed) {
            out.append(c);
        }
        return i;
    }

    private static Object required(Values values, String name) {
        if (!values.map.containsKey(name)) {
            throw new IllegalStateException("no value for slot " + name);
        }
        Object value = values.map.get(name);
        if (value == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value;
    }

    private static String number(Object value, String name) {
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (value instanceof Long || value instanceof Integer) {
            return value.toString();
        }
        throw new IllegalArgumentException(name + " must be a String, Long, Integer or BigDecimal");
    }

    private static boolean cdataStateAfter(String literal, boolean inCdata) {
        int i = 0;
        while (true) {
            int next = literal.indexOf(inCdata ? CDATA_CLOSE : CDATA_OPEN, i);
            if (next < 0) {
                return inCdata;
            }
            i = next + (inCdata ? CDATA_CLOSE.length() : CDATA_OPEN.length());
            inCdata = !inCdata;
        }
    }

    private static void requireOutsideCdata(boolean inCdata, String slot) {
        if (inCdata) {
            throw new IllegalArgumentException("slot {{" + slot + "}} cannot be inside CDATA");
        }
    }

    private static String requireName(String name) {
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("bad slot name: " + name);
        }
        return name;
    }
}
