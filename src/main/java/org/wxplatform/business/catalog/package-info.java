/**
 * The business catalog (SPEC §3.2, thesis 3.1.2): hierarchical codes ("1" queries, "1.1" bills, "2.1.3" a
 * 1 GB data package ...) kept as data (table {@code biz_catalog}), reached by typing a code or a keyword or
 * by clicking a menu key. A branch answers the list of its children; a query leaf goes to the query
 * service, a transaction leaf to the transaction intake. Only bound subscribers get past the door.
 *
 * <p>Must not live here: the queries' carrier calls and rendering ({@code business.query}), the execution
 * of transactions ({@code business.transaction}), binding rules.
 */
package org.wxplatform.business.catalog;
