package org.wxplatform.customerservice.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.wxplatform.customerservice.MatchType;
import org.wxplatform.message.xml.Reply;
import org.wxplatform.message.xml.TextReply;

class AutoReplyMatcherTest {

    private static long ids;

    private static AutoReplyMatcher.Rule rule(String keyword, MatchType match, String... replies) {
        return rule(keyword, match, false, replies);
    }

    private static AutoReplyMatcher.Rule rule(String keyword, MatchType match, boolean hidden, String... replies) {
        List<Reply> list = new ArrayList<>();
        for (String r : replies) {
            list.add(new TextReply(r));
        }
        return new AutoReplyMatcher.Rule(++ids, keyword, match, hidden, list);
    }

    private static Optional<String> answer(AutoReplyMatcher m, String message) {
        return m.answer(message, new Random(7)).map(r -> ((TextReply) r).content());
    }

    @Test
    void equalsMatchesTheWholeTrimmedMessageIgnoringCase() {
        AutoReplyMatcher m = new AutoReplyMatcher(List.of(rule("WiFi", MatchType.EQUALS, "密码在前台")));
        assertEquals(Optional.of("密码在前台"), answer(m, "wifi"));
        assertEquals(Optional.of("密码在前台"), answer(m, "  WIFI \n"));
        assertEquals(Optional.of("密码在前台"), answer(m, "\u3000ｗｉｆｉ"), "full-width letters and space");
        assertEquals(Optional.empty(), answer(m, "wifi密码"), "equals is not contains");
        assertEquals(Optional.empty(), answer(m, "wi fi"));
    }

    @Test
    void containsMatchesAnywhereInTheMessage() {
        AutoReplyMatcher m = new AutoReplyMatcher(List.of(rule("营业厅", MatchType.CONTAINS, "地址: 人民路1号")));
        assertEquals(Optional.of("地址: 人民路1号"), answer(m, "营业厅"));
        assertEquals(Optional.of("地址: 人民路1号"), answer(m, "最近的营业厅在哪里？"));
        assertEquals(Optional.empty(), answer(m, "营业"));
        assertEquals(Optional.empty(), answer(m, "营 业 厅"));
    }

    @Test
    void latinLettersOfAContainsKeywordIgnoreCase() {
        AutoReplyMatcher m = new AutoReplyMatcher(List.of(rule("5G套餐", MatchType.CONTAINS, "5G")));
        assertEquals(Optional.of("5G"), answer(m, "我想办5g套餐"));
        assertEquals(Optional.of("5G"), answer(m, "我想办５Ｇ套餐"));
    }

    @Test
    void aMissOrAnEmptyMessageAnswersNothing() {
        AutoReplyMatcher m = new AutoReplyMatcher(List.of(rule("话费", MatchType.CONTAINS, "查话费请回复1")));
        assertEquals(Optional.empty(), answer(m, "流量"));
        assertEquals(Optional.empty(), answer(m, ""));
        assertEquals(Optional.empty(), answer(m, "   "));
        assertEquals(Optional.empty(), answer(m, null));
        assertEquals(Optional.empty(), answer(AutoReplyMatcher.EMPTY, "话费"));
    }

    @Test
    void hiddenEntriesNeverAnswer() {
        AutoReplyMatcher onlyHidden = new AutoReplyMatcher(List.of(rule("流量", MatchType.CONTAINS, true, "hidden")));
        assertEquals(0, onlyHidden.size());
        assertEquals(Optional.empty(), answer(onlyHidden, "流量"));

        AutoReplyMatcher mixed = new AutoReplyMatcher(List.of(
                rule("流量", MatchType.CONTAINS, true, "hidden"),
                rule("流量", MatchType.EQUALS, true, "hidden too"),
                rule("流量", MatchType.CONTAINS, "shown")));
        Random random = new Random(11);
        for (int i = 0; i < 2_000; i++) {
            assertEquals(new TextReply("shown"), mixed.answer("流量", random).orElseThrow());
        }
    }

    @Test
    void regexMetacharactersAreMatchedLiterally() {
        AutoReplyMatcher m = new AutoReplyMatcher(List.of(
                rule(".*", MatchType.CONTAINS, "dot-star"),
                rule("(", MatchType.CONTAINS, "paren"),
                rule("[a-z]+", MatchType.EQUALS, "class"),
                rule("a|b", MatchType.CONTAINS, "alternation"),
                rule("\\d", MatchType.CONTAINS, "backslash"),
                rule("$1^", MatchType.EQUALS, "anchors")));
        assertEquals(Optional.empty(), answer(m, "anything at all"), ".* is two characters, not a wildcard");
        assertEquals(Optional.empty(), answer(m, "abc"));
        assertEquals(Optional.empty(), answer(m, "a"));
        assertEquals(Optional.empty(), answer(m, "7"));
        assertEquals(Optional.of("dot-star"), answer(m, "x.*y"));
        assertEquals(Optional.of("paren"), answer(m, "f(x"));
        assertEquals(Optional.of("class"), answer(m, "[A-Z]+"));
        assertEquals(Optional.of("alternation"), answer(m, "choose a|b"));
        assertEquals(Optional.of("backslash"), answer(m, "C:\\d"));
        assertEquals(Optional.of("anchors"), answer(m, "$1^"));
    }

    @Test
    void everyMatchingEntryIsFound() {
        AutoReplyMatcher m = new AutoReplyMatcher(List.of(
                rule("套餐", MatchType.CONTAINS, "a"),
                rule("流量套餐", MatchType.EQUALS, "b"),
                rule("话费", MatchType.CONTAINS, "c"),
                rule("流量", MatchType.CONTAINS, "d")));
        List<String> found = m.matches("流量套餐").stream()
                .map(r -> ((TextReply) r.replies().get(0)).content())
                .toList();
        assertEquals(List.of("b", "a", "d"), found, "the equals entry, then both contains entries; not 话费");
    }

    @Test
    void oneContentOfAnEntryIsChosenUniformly() {
        AutoReplyMatcher m = new AutoReplyMatcher(List.of(rule("办理", MatchType.CONTAINS, "A", "B", "C")));
        Map<String, Integer> counts = draw(m, "我要办理", 10_000, new Random(20240601));
        for (String r : List.of("A", "B", "C")) {
            double share = counts.getOrDefault(r, 0) / 10_000.0;
            assertEquals(1 / 3.0, share, 0.03, r + " drawn " + counts);
        }
    }

    @Test
    void aKeywordIsChosenFirstThenOneOfItsContents() {
        // keyword x has 1 content, y 2, z 3: a random keyword gives each a third; a random content over all
        // six would give z half of the answers
        AutoReplyMatcher m = new AutoReplyMatcher(List.of(
                rule("x", MatchType.CONTAINS, "x1"),
                rule("y", MatchType.CONTAINS, "y1", "y2"),
                rule("z", MatchType.CONTAINS, "z1", "z2", "z3")));
        int n = 30_000;
        Map<String, Integer> counts = draw(m, "xyz", n, new Random(42));
        Map<Character, Integer> byKeyword = new HashMap<>();
        counts.forEach((reply, c) -> byKeyword.merge(reply.charAt(0), c, Integer::sum));
        for (char k : new char[] {'x', 'y', 'z'}) {
            assertEquals(1 / 3.0, byKeyword.getOrDefault(k, 0) / (double) n, 0.03, k + " in " + byKeyword);
        }
        for (String r : List.of("z1", "z2", "z3")) {
            assertEquals(1 / 9.0, counts.getOrDefault(r, 0) / (double) n, 0.02, r + " in " + counts);
        }
        assertEquals(1 / 6.0, counts.getOrDefault("y2", 0) / (double) n, 0.02);
    }

    @Test
    void theSameSeedGivesTheSameAnswers() {
        AutoReplyMatcher m = new AutoReplyMatcher(
                List.of(rule("a", MatchType.CONTAINS, "1", "2", "3"), rule("b", MatchType.CONTAINS, "4", "5")));
        Random first = new Random(99);
        Random second = new Random(99);
        for (int i = 0; i < 100; i++) {
            assertEquals(m.answer("ab", first), m.answer("ab", second));
        }
    }

    @Test
    void normalizeIsStableForKeywordsAndMessages() {
        assertEquals("wifi", AutoReplyMatcher.normalize(" ＷｉＦｉ\t"));
        assertEquals("营业厅", AutoReplyMatcher.normalize("营业厅"));
        assertTrue(AutoReplyMatcher.normalize("  ").isEmpty());
    }

    private static Map<String, Integer> draw(AutoReplyMatcher m, String message, int n, Random random) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < n; i++) {
            String reply = ((TextReply) m.answer(message, random).orElseThrow()).content();
            counts.merge(reply, 1, Integer::sum);
        }
        return counts;
    }
}
