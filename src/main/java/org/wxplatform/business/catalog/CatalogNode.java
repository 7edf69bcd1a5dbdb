package org.wxplatform.business.catalog;

import java.util.Objects;

/**
 * One entry of the catalog: {@code code} such as "2.1.3", its {@code parentCode} ("2.1"; null at the
 * top), the position among its siblings, a name for the subscriber, what it does ({@code kind} and
 * {@code action}), for an order the product and amount, and an optional menu key and description.
 */
public record CatalogNode(
        String code,
        String parentCode,
        int position,
        String name,
        NodeKind kind,
        String action,
        String productCode,
        long amountFen,
        String menuKey,
        String description) {

    public CatalogNode {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
    }

    /** "2.1.3 1GB月包（30元/月）". */
    public String label() {
        return code + " " + name + (description == null || description.isBlank() ? "" : "（" + description + "）");
    }
}
