package org.wxplatform.business.catalog;

/** What a catalog node does when a subscriber reaches it. */
public enum NodeKind {
    /** Lists its children. */
    BRANCH,
    /** Runs the carrier query its action names ({@link org.wxplatform.business.query.QueryKind}). */
    QUERY,
    /** Submits a transaction of the order kind its action names. */
    ORDER
}
