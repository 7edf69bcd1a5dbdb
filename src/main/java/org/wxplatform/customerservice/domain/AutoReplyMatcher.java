package org.wxplatform.customerservice.domain;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.wxplatform.customerservice.MatchType;
import org.wxplatform.message.xml.Reply;

/**
 * The keyword auto-reply's choice (SPEC §4.1), on an immutable set of rules: among the rules whose
 * keyword matches the message ONE is chosen at random, then among its replies ONE at random. So every
 * matching keyword is equally likely whatever its number of replies.
 *
 * <p>Matching is literal, never a regular expression: operator keywords such as {@code .*} or {@code (}
 * mean those characters. Both sides are compared after {@link #normalize}: Unicode NFKC (full-width
 * letters and digits, which Chinese input methods produce, become the ASCII ones), surrounding white space
 * removed, lower case. Hidden rules are dropped on construction and never answer.
 *
 * <p>Built once per account and cache refresh, then shared by all threads: answering allocates only the
 * normalized message and the list of matches.
 */
public final class AutoReplyMatcher {

    /**
     * One keyword with its replies.
     *
     * @param id the entry's id (for diagnostics and tests)
     * @param keyword as the operator typed it
     * @param replies at least one
     */
    public record Rule(long id, String keyword, MatchType match, boolean hidden, List<Reply> replies) {
        public Rule {
            Objects.requireNonNull(keyword, "keyword");
            Objects.requireNonNull(match, "match");
            replies = List.copyOf(replies);
        }
    }

    /** A matcher without rules: answers nothing. */
    public static final AutoReplyMatcher EMPTY = new AutoReplyMatcher(List.of());

    private record Compiled(String keyword, Rule rule) {}

    private final Map<String, List<Rule>> equalsRules = new HashMap<>();
    private final List<Compiled> containsRules = new ArrayList<>();
    private final int size;

    /** Keeps the rules that can answer: not hidden, with a non-empty keyword and at least one reply. */
    public AutoReplyMatcher(Collection<Rule> rules) {
        int kept = 0;
        for (Rule rule : rules) {
            String keyword = normalize(rule.keyword());
            if (rule.hidden() || keyword.isEmpty() || rule.replies().isEmpty()) {
                continue;
            }
            kept++;
            switch (rule.match()) {
                case EQUALS -> equalsRules
                        .computeIfAbsent(keyword, k -> new ArrayList<>())
                        .add(rule);
                case CONTAINS -> containsRules.add(new Compiled(keyword, rule));
            }
        }
        size = kept;
    }

    /** How many rules can answer. */
    public int size() {
        return size;
    }

    /** The comparable form of a keyword or message: NFKC, stripped, lower case. */
    public static String normalize(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFKC).strip().toLowerCase(Locale.ROOT);
    }

    /** Every rule matching {@code message}: equals rules first, then contains rules, each in given order. */
    public List<Rule> matches(String message) {
        if (message == null || size == 0) {
            return List.of();
        }
        String text = normalize(message);
        if (text.isEmpty()) {
            return List.of();
        }
        List<Rule> found = new ArrayList<>(equalsRules.getOrDefault(text, List.of()));
        for (Compiled c : containsRules) {
            if (text.contains(c.keyword())) { // String.contains: a literal search, no pattern syntax
                found.add(c.rule());
            }
        }
        return found;
    }

    /** One reply of one matching rule, both chosen uniformly with {@code random}; empty on a miss. */
    public Optional<Reply> answer(String message, RandomGenerator random) {
        List<Rule> found = matches(message);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Rule rule = found.get(random.nextInt(found.size()));
        return Optional.of(rule.replies().get(random.nextInt(rule.replies().size())));
    }
}
