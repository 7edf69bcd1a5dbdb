package org.wxplatform.business.carrier;

/**
 * One transaction for the carrier. {@code serial} is the product's unique serial of this attempt: the
 * carrier executes a serial at most once (a second submission answers the first outcome) and can be
 * asked about it ({@link CarrierOrders#find}). {@code productCode} names the package or plan (for
 * {@link OrderKind#RECHARGE}: {@code RECHARGE}); {@code amountFen} is the recharge amount, else 0.
 */
public record OrderRequest(String serial, String phone, OrderKind kind, String productCode, long amountFen) {}
