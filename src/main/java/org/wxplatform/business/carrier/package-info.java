/**
 * The carrier business system as the product sees it (SPEC §3.3): one port per family of operations
 * ({@link CarrierVerification}, {@link CarrierBills}, {@link CarrierUsage}, {@link CarrierPoints},
 * {@link CarrierOrders}) speaking only the product's own records. The SOAP adapters in
 * {@code business.carrier.soap} implement them over the stubs generated from the carrier WSDL; nothing
 * generated leaves that package.
 *
 * <p>Two kinds of failure: {@link CarrierFault} (the carrier answered and refused: wrong code, unknown
 * number, insufficient balance; retrying does not help) and {@link CarrierUnavailableException} (no
 * answer, a time limit, an HTTP 5xx, a "system busy" fault; the request may be retried later).
 */
package org.wxplatform.business.carrier;
