package org.wxplatform.business.catalog;

import java.util.List;

/** The catalog as a subscriber reads it in the chat. */
public final class CatalogTexts {

    private CatalogTexts() {}

    /** A branch: its name, then one line per child ("2.1 流量包"), then how to go on. */
    public static String branch(CatalogNode branch, List<CatalogNode> children) {
        StringBuilder s = new StringBuilder("【").append(branch.name()).append("】");
        for (CatalogNode c : children) {
            s.append('\n').append(c.label());
        }
        String example = children.isEmpty() ? "1" : children.get(0).code();
        s.append("\n请回复编号，如「").append(example).append("」");
        if (!Catalog.ROOT_CODE.equals(branch.code())) {
            s.append("；回复「0」返回业务菜单");
        }
        return s.append('。').toString();
    }
}
