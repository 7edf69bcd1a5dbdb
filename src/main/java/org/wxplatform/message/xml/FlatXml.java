package org.wxplatform.message.xml;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The fast path of {@link SafeXml}: a scanner for the shape WeChat sends, and nothing else. It reads a
 * document made only of an {@code <xml>} root, elements without attributes, character data, CDATA
 * sections and the five predefined entities, at most {@link SafeXml#MAX_DEPTH} deep, with no text mixed
 * into elements that have children and no two leaf children of one name: exactly the documents that
 * {@link SafeXml} accepts in that shape, giving the tree the full parser gives for them.
 *
 * <p>Anything else — a declaration, a DOCTYPE, a comment, a processing instruction, an attribute, a
 * character or numeric reference, a carriage return (which XML normalises), a character XML forbids,
 * {@code ]]>} in text, a name outside ASCII letters, digits, {@code _ - .}, a mismatched tag, and every
 * document that would be refused — makes it answer {@code null}, and the document goes to the full
 * parser (Xerces, with its DTD and entity refusals), which accepts or refuses it as before. So the
 * scanner decides nothing on its own: it only saves the full parse of the documents that are plainly
 * fine. {@code FlatXmlTest} checks both paths give the same answer on WeChat's messages and on
 * thousands of mutated ones.
 */
final class FlatXml {

    private FlatXml() {}

    /** The document's tree, or null when it is not plainly in WeChat's shape (the full parser decides). */
    static XmlElement tryParse(String s) {
        int n = s.length();
        int i = skipSpace(s, 0);
        if (!s.startsWith("<xml>", i)) {
            return null;
        }
        // an explicit stack of open elements; WeChat's documents are 2-4 levels deep
        String[] names = new String[SafeXml.MAX_DEPTH];
        List<List<XmlElement>> children = new ArrayList<>(SafeXml.MAX_DEPTH);
        List<Set<String>> leafNames = new ArrayList<>(SafeXml.MAX_DEPTH);
        for (int d = 0; d < SafeXml.MAX_DEPTH; d++) {
            children.add(null);
            leafNames.add(null);
        }
        int depth = 0;
        StringBuilder text = new StringBuilder(64);
        boolean hasText = false; // non-blank text seen in the current element
        XmlElement root = null;
        while (i < n) {
            char c = s.charAt(i);
            if (c == '<') {
                if (i + 1 >= n) {
                    return null;
                }
                char next = s.charAt(i + 1);
                if (next == '!') {
                    if (!s.startsWith("<![CDATA[", i) || depth == 0) {
                        return null; // comment, DOCTYPE or a declaration: the full parser decides
                    }
                    int end = s.indexOf("]]>", i + 9);
                    if (end < 0 || !validChars(s, i + 9, end)) {
                        return null;
                    }
                    text.append(s, i + 9, end);
                    if (!isBlank(s, i + 9, end)) {
                        hasText = true;
                    }
                    i = end + 3;
                } else if (next == '/') {
                    int nameEnd = nameEnd(s, i + 2);
                    if (nameEnd < 0 || nameEnd >= n || s.charAt(nameEnd) != '>' || depth == 0) {
                        return null;
                    }
                    String name = names[depth - 1];
                    if (!s.regionMatches(i + 2, name, 0, name.length()) || nameEnd - (i + 2) != name.length()) {
                        return null;
                    }
                    XmlElement done = close(name, text, hasText, children.get(depth - 1));
                    if (done == null) {
                        return null;
                    }
                    children.set(depth - 1, null);
                    leafNames.set(depth - 1, null);
                    depth--;
                    text.setLength(0);
                    hasText = false;
                    i = nameEnd + 1;
                    if (depth == 0) {
                        root = done;
                        break;
                    }
                    if (!add(children, leafNames, depth - 1, done)) {
                        return null;
                    }
                } else {
                    int nameEnd = nameEnd(s, i + 1);
                    if (nameEnd < 0 || nameEnd >= n) {
                        return null;
                    }
                    boolean empty = s.charAt(nameEnd) == '/';
                    if (empty ? nameEnd + 1 >= n || s.charAt(nameEnd + 1) != '>' : s.charAt(nameEnd) != '>') {
                        return null; // attributes or space in the tag: the full parser decides
                    }
                    if (depth >= SafeXml.MAX_DEPTH || hasText) {
                        return null; // too deep, or text mixed with child elements: refused there
                    }
                    String name = s.substring(i + 1, nameEnd);
                    if (depth == 0 && !"xml".equals(name)) {
                        return null;
                    }
                    text.setLength(0); // whitespace before a child element belongs to no leaf
                    if (empty) {
                        if (depth == 0 || !add(children, leafNames, depth - 1, new XmlElement(name, "", List.of()))) {
                            return null;
                        }
                        i = nameEnd + 2;
                    } else {
                        names[depth] = name;
                        if (depth > 0 && children.get(depth - 1) == null) {
                            children.set(depth - 1, new ArrayList<>(16));
                            leafNames.set(depth - 1, new HashSet<>(32));
                        }
                        depth++;
                        i = nameEnd + 1;
                    }
                }
            } else {
                if (depth == 0) {
                    return null;
                }
                int end = s.indexOf('<', i);
                if (end < 0) {
                    return null;
                }
                // character data: entities other than the five predefined ones go to the full parser
                for (int k = i; k < end; k++) {
                    char t = s.charAt(k);
                    if (t == '&') {
                        int semi = s.indexOf(';', k);
                        if (semi < 0 || semi > end) {
                            return null;
                        }
                        char replaced = predefined(s, k + 1, semi);
                        if (replaced == 0) {
                            return null;
                        }
                        text.append(replaced);
                        hasText = true;
                        k = semi;
                    } else if (t == ']' && s.startsWith("]]>", k)) {
                        return null;
                    } else if (!validChar(s, k)) {
                        return null;
                    } else {
                        if (Character.isHighSurrogate(t)) {
                            text.append(t);
                            k++;
                            t = s.charAt(k);
                        } else if (!isSpace(t)) {
                            hasText = true;
                        }
                        text.append(t);
                        if (Character.isLowSurrogate(t)) {
                            hasText = true;
                        }
                    }
                }
                i = end;
            }
        }
        if (root == null || skipSpace(s, i) != n) {
            return null; // unclosed, or something after the root: the full parser says what
        }
        return root;
    }

    /** The finished element, or null when it mixes text with children (refused by the full parser). */
    private static XmlElement close(String name, StringBuilder text, boolean hasText, List<XmlElement> kids) {
        if (kids == null) {
            return new XmlElement(name, text.toString(), List.of());
        }
        if (hasText) {
            return null;
        }
        return new XmlElement(name, "", kids);
    }

    private static boolean add(List<List<XmlElement>> children, List<Set<String>> leafNames, int d, XmlElement e) {
        if (children.get(d) == null) {
            children.set(d, new ArrayList<>(16));
            leafNames.set(d, new HashSet<>(32));
        }
        if (e.isLeaf() && !leafNames.get(d).add(e.name())) {
            return false; // a duplicate field: refused by the full parser
        }
        children.get(d).add(e);
        return true;
    }

    /** The end of a name starting at {@code from} (ASCII letters, digits, _ - .; a letter or _ first), or -1. */
    private static int nameEnd(String s, int from) {
        int n = s.length();
        if (from >= n) {
            return -1;
        }
        char first = s.charAt(from);
        if (!(first >= 'A' && first <= 'Z' || first >= 'a' && first <= 'z' || first == '_')) {
            return -1;
        }
        int i = from + 1;
        int limit = Math.min(n, from + MAX_NAME);
        while (i < limit) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z'
                    || c >= 'a' && c <= 'z'
                    || c >= '0' && c <= '9'
                    || c == '_'
                    || c == '-'
                    || c == '.') {
                i++;
            } else {
                break;
            }
        }
        return i == limit && limit < n ? -1 : i; // a very long name: the full parser's own limits decide
    }

    /** Names longer than this go to the full parser (the JDK's secure processing caps names at 1,000). */
    private static final int MAX_NAME = 128;

    private static char predefined(String s, int from, int to) {
        int len = to - from;
        if (len == 2 && s.startsWith("lt", from)) {
            return '<';
        }
        if (len == 2 && s.startsWith("gt", from)) {
            return '>';
        }
        if (len == 3 && s.startsWith("amp", from)) {
            return '&';
        }
        if (len == 4 && s.startsWith("quot", from)) {
            return '"';
        }
        if (len == 4 && s.startsWith("apos", from)) {
            return '\'';
        }
        return 0;
    }

    private static boolean validChars(String s, int from, int to) {
        for (int k = from; k < to; k++) {
            if (!validChar(s, k)) {
                return false;
            }
            if (Character.isHighSurrogate(s.charAt(k))) {
                k++;
            }
        }
        return true;
    }

    /**
     * Whether the character at {@code k} is one XML allows, without a carriage return (which XML turns
     * into a line feed): tab, line feed, U+0020-U+D7FF, U+E000-U+FFFD, or a complete surrogate pair.
     */
    private static boolean validChar(String s, int k) {
        char c = s.charAt(k);
        if (c >= 0x20 && c < 0xD800 || c >= 0xE000 && c <= 0xFFFD) {
            return true;
        }
        if (c == '\t' || c == '\n') {
            return true;
        }
        return Character.isHighSurrogate(c) && k + 1 < s.length() && Character.isLowSurrogate(s.charAt(k + 1));
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n';
    }

    private static boolean isBlank(String s, int from, int to) {
        for (int k = from; k < to; k++) {
            if (!Character.isWhitespace(s.charAt(k))) {
                return false;
            }
        }
        return true;
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && isSpace(s.charAt(i))) {
            i++;
        }
        return i;
    }
}
