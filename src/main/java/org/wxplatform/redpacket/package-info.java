/**
 * Data-traffic red packets (SPEC §5.2-5.3): virtual traffic accounts, normal and random packets, grabs,
 * the ledger and expiry refunds.
 *
 * <p>Invariant: every movement of traffic is a ledger entry written by this module's one write path; a
 * packet never pays out more than its total and its remainder is refunded exactly once. Must not live
 * here: page rendering, carrier calls other than through the {@code business} module's services.
 */
package org.wxplatform.redpacket;
