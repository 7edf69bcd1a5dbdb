package org.wxplatform.business.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CatalogTest {

    final Catalog shipped = ShippedCatalog.load();

    private String code(String text) {
        return shipped.match(text).map(CatalogNode::code).orElse(null);
    }

    @Test
    void theShippedCatalogHasTheTreeOfTheSpec() {
        assertEquals(List.of("1", "2"), codes(shipped.children(Catalog.ROOT_CODE)));
        assertEquals(List.of("1.1", "1.2", "1.3", "1.4"), codes(shipped.children("1")));
        assertEquals(List.of("1.1.1", "1.1.2"), codes(shipped.children("1.1")));
        assertEquals(List.of("2.1", "2.2", "2.3", "2.4", "2.5"), codes(shipped.children("2")));
        assertEquals(
                List.of("DATA_M_100M", "DATA_M_500M", "DATA_M_1G", "DATA_Q_3G", "DATA_S_NIGHT_2G"),
                shipped.children("2.1").stream().map(CatalogNode::productCode).toList());
        CatalogNode oneGig = shipped.byCode("2.1.3").orElseThrow();
        assertEquals(NodeKind.ORDER, oneGig.kind());
        assertEquals("DATA_PACKAGE", oneGig.action());
        assertEquals("DATA_M_1G", oneGig.productCode());
        assertEquals("BILL_DAILY", shipped.byCode("1.1.1").orElseThrow().action());
        assertEquals("POINTS", shipped.byCode("1.4").orElseThrow().action());
        assertTrue(shipped.children("2.5").stream().allMatch(n -> n.amountFen() >= 1000 && n.amountFen() <= 50000));
    }

    @Test
    void textsReachNodesByCodeKeywordOrRootWord() {
        assertEquals("2.1.3", code("2.1.3"));
        assertEquals("2.1.3", code(" 2．1．3 "), "full-width dots and blanks");
        assertEquals("1.1", code("查话费"));
        assertEquals("1.2", code("流量"));
        assertEquals("1.4", code("积分"));
        assertEquals("2.3", code("WLAN"), "letter case ignored");
        assertEquals(Catalog.ROOT_CODE, code("0"));
        assertEquals(Catalog.ROOT_CODE, code("业务"));
        assertEquals(null, code("我想查一下流量"), "only whole texts: containing texts stay with the auto-reply");
        assertEquals(null, code("3"));
        assertEquals(null, code("2.9"));
        assertEquals(null, code("13800138000"));
        assertEquals(
                "1.1.1",
                shipped.byMenuKey("QUERY_BILL_TODAY").map(CatalogNode::code).orElse(null));
        assertEquals(Optional.empty(), shipped.byMenuKey("BIND"), "the binding dialogue's keys are not the catalog's");
    }

    @Test
    void aBranchIsListedWithItsChildren() {
        String text = CatalogTexts.branch(shipped.byCode("2.1").orElseThrow(), shipped.children("2.1"));
        assertEquals(
                "【流量包】\n2.1.1 100MB月包（5元/月）\n2.1.2 500MB月包（20元/月）\n2.1.3 1GB月包（30元/月）"
                        + "\n2.1.4 3GB季包（70元/季）\n2.1.5 2GB夜间包（10元）\n请回复编号，如「2.1.1」；回复「0」返回业务菜单。",
                text);
        assertEquals(
                "【业务菜单】\n1 业务查询\n2 业务办理\n请回复编号，如「1」。",
                CatalogTexts.branch(shipped.root(), shipped.children(Catalog.ROOT_CODE)));
    }

    @Test
    void inconsistentCatalogsAreRefused() {
        CatalogNode top = new CatalogNode("1", null, 1, "查询", NodeKind.BRANCH, null, null, 0, null, null);
        CatalogNode leaf = new CatalogNode("1.1", "1", 1, "积分", NodeKind.QUERY, "POINTS", null, 0, "K", null);
        new Catalog(List.of(top, leaf), Map.of("积分", "1.1"));
        assertThrows(IllegalArgumentException.class, () -> new Catalog(List.of(top), Map.of()), "empty branch");
        assertThrows(IllegalArgumentException.class, () -> new Catalog(List.of(leaf), Map.of()), "no parent");
        assertThrows(
                IllegalArgumentException.class,
                () -> new Catalog(
                        List.of(
                                top,
                                new CatalogNode("1.1", "1", 1, "x", NodeKind.QUERY, "TELEPATHY", null, 0, null, null)),
                        Map.of()),
                "unknown query");
        assertThrows(
                IllegalArgumentException.class,
                () -> new Catalog(
                        List.of(
                                top,
                                new CatalogNode(
                                        "1.1", "1", 1, "x", NodeKind.ORDER, "DATA_PACKAGE", null, 0, null, null)),
                        Map.of()),
                "order without product");
        assertThrows(
                IllegalArgumentException.class,
                () -> new Catalog(
                        List.of(
                                top,
                                new CatalogNode(
                                        "1.1", "1", 1, "x", NodeKind.ORDER, "RECHARGE", "RECHARGE", 0, null, null)),
                        Map.of()),
                "recharge without amount");
        assertThrows(
                IllegalArgumentException.class,
                () -> new Catalog(List.of(top, leaf), Map.of("积分", "9")),
                "keyword for a missing code");
        assertThrows(
                IllegalArgumentException.class,
                () -> new Catalog(
                        List.of(
                                top,
                                leaf,
                                new CatalogNode("1.2", "1", 2, "y", NodeKind.QUERY, "POINTS", null, 0, "K", null)),
                        Map.of()),
                "menu key twice");
    }

    private static List<String> codes(List<CatalogNode> nodes) {
        return nodes.stream().map(CatalogNode::code).toList();
    }
}
