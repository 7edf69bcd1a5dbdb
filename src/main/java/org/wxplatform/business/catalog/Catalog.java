package org.wxplatform.business.catalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.wxplatform.business.carrier.OrderKind;
import org.wxplatform.business.query.QueryKind;

/**
 * The whole catalog, checked and indexed: by code, by menu key, by keyword, and as a tree. Immutable.
 *
 * <p>A subscriber's text reaches a node when, blanks around it and letter case aside, it is a code of the
 * catalog ("2.1.3"; full-width dots accepted), one of the keywords, or one of {@link #ROOT_WORDS} for the
 * top of the tree (the synthetic node {@value #ROOT_CODE}). Anything else is not the catalog's.
 */
public final class Catalog {

    public static final String ROOT_CODE = "0";
    static final Set<String> ROOT_WORDS = Set.of("0", "业务", "业务菜单", "菜单编号");

    private static final Pattern CODE = Pattern.compile("[1-9]\\d{0,2}(\\.[1-9]\\d{0,2}){0,4}");

    private final CatalogNode root =
            new CatalogNode(ROOT_CODE, null, 0, "业务菜单", NodeKind.BRANCH, null, null, 0, null, null);
    private final Map<String, CatalogNode> byCode = new LinkedHashMap<>();
    private final Map<String, CatalogNode> byMenuKey = new HashMap<>();
    private final Map<String, CatalogNode> byKeyword = new HashMap<>();
    private final Map<String, List<CatalogNode>> children = new HashMap<>();

    /**
     * @throws IllegalArgumentException naming the first inconsistency (a missing parent, a code that does
     *     not extend its parent's, an unknown action, a leaf with children, a branch without, a duplicate
     *     menu key, a keyword for a missing code)
     */
    public Catalog(List<CatalogNode> nodes, Map<String, String> keywords) {
        for (CatalogNode n : nodes) {
            if (!CODE.matcher(n.code()).matches()) {
                throw new IllegalArgumentException("catalog code '" + n.code() + "' is not like 2.1.3");
            }
            if (byCode.put(n.code(), n) != null) {
                throw new IllegalArgumentException("catalog code " + n.code() + " appears twice");
            }
            if (n.menuKey() != null && byMenuKey.put(n.menuKey(), n) != null) {
                throw new IllegalArgumentException("menu key " + n.menuKey() + " used twice");
            }
        }
        for (CatalogNode n : nodes) {
            String parent =
                    n.code().contains(".") ? n.code().substring(0, n.code().lastIndexOf('.')) : null;
            if (!java.util.Objects.equals(parent, n.parentCode())) {
                throw new IllegalArgumentException(
                        "catalog node " + n.code() + " must have parent " + parent + ", not " + n.parentCode());
            }
            if (parent != null && !byCode.containsKey(parent)) {
                throw new IllegalArgumentException("catalog node " + n.code() + " has no parent " + parent);
            }
            children.computeIfAbsent(parent == null ? ROOT_CODE : parent, k -> new ArrayList<>())
                    .add(n);
            checkAction(n);
        }
        children.values()
                .forEach(list ->
                        list.sort(Comparator.comparingInt(CatalogNode::position).thenComparing(CatalogNode::code)));
        for (CatalogNode n : nodes) {
            boolean hasChildren = children.containsKey(n.code());
            if (n.kind() == NodeKind.BRANCH && !hasChildren) {
                throw new IllegalArgumentException("catalog branch " + n.code() + " has no children");
            }
            if (n.kind() != NodeKind.BRANCH && hasChildren) {
                throw new IllegalArgumentException("catalog leaf " + n.code() + " has children");
            }
        }
        keywords.forEach((word, code) -> {
            CatalogNode n = byCode.get(code);
            if (n == null) {
                throw new IllegalArgumentException("keyword " + word + " names the missing code " + code);
            }
            byKeyword.put(normalize(word), n);
        });
    }

    private static void checkAction(CatalogNode n) {
        switch (n.kind()) {
            case BRANCH -> {
                if (n.action() != null) {
                    throw new IllegalArgumentException("catalog branch " + n.code() + " has an action");
                }
            }
            case QUERY -> {
                try {
                    QueryKind.valueOf(String.valueOf(n.action()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(
                            "catalog query " + n.code() + " has unknown action " + n.action());
                }
            }
            case ORDER -> {
                OrderKind kind;
                try {
                    kind = OrderKind.valueOf(String.valueOf(n.action()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(
                            "catalog order " + n.code() + " has unknown action " + n.action());
                }
                if (n.productCode() == null || n.productCode().isBlank()) {
                    throw new IllegalArgumentException("catalog order " + n.code() + " has no product code");
                }
                if ((kind == OrderKind.RECHARGE) != (n.amountFen() > 0)) {
                    throw new IllegalArgumentException(
                            "catalog order " + n.code() + ": an amount belongs to recharges, and only there");
                }
            }
        }
    }

    /** The node a subscriber's text names, if it names one. */
    public Optional<CatalogNode> match(String text) {
        if (text == null || text.length() > 40) {
            return Optional.empty();
        }
        String t = normalize(text);
        if (ROOT_WORDS.contains(t)) {
            return Optional.of(root);
        }
        CatalogNode n = byCode.get(t);
        if (n != null) {
            return Optional.of(n);
        }
        return Optional.ofNullable(byKeyword.get(t));
    }

    public Optional<CatalogNode> byMenuKey(String key) {
        return key == null ? Optional.empty() : Optional.ofNullable(byMenuKey.get(key));
    }

    public Optional<CatalogNode> byCode(String code) {
        return ROOT_CODE.equals(code) ? Optional.of(root) : Optional.ofNullable(byCode.get(code));
    }

    /** The children of a branch in their order ({@link #ROOT_CODE} for the top level). */
    public List<CatalogNode> children(String code) {
        return Collections.unmodifiableList(children.getOrDefault(code, List.of()));
    }

    public CatalogNode root() {
        return root;
    }

    /** Every node, in the order given. */
    public List<CatalogNode> nodes() {
        return List.copyOf(byCode.values());
    }

    static String normalize(String text) {
        return text.strip().replace('．', '.').replace('。', '.').toLowerCase(Locale.ROOT);
    }
}
