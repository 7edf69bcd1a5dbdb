/**
 * Business queries (SPEC §3.2, §3.4): bills, data usage, package remaining and points of a bound
 * subscriber, read from the carrier ports and rendered as Chinese text. {@link
 * org.wxplatform.business.query.QueryService} answers in the callback when the carrier answers within the
 * inline budget (with a short Redis cache per phone and query) and hands the query to the async reply path
 * otherwise.
 *
 * <p>Must not live here: transactions (they go through the transaction intake), binding rules, carrier
 * SOAP types.
 */
package org.wxplatform.business.query;
