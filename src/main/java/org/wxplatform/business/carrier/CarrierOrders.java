package org.wxplatform.business.carrier;

import java.util.Optional;

/** Transactions: order data / SMS-MMS / WLAN packages, change the main plan, recharge. */
public interface CarrierOrders {

    /**
     * Submits a transaction. A business refusal (insufficient balance, already subscribed) is an
     * {@link OrderResult} with {@code success == false}, not an exception; exceptions mean no outcome is
     * known ({@link CarrierUnavailableException}) or the carrier refused the request itself: unknown or
     * invalid number, unknown product, invalid amount ({@link CarrierFault}).
     */
    OrderResult submit(OrderRequest request) throws CarrierException;

    /** The outcome of a serial the carrier has seen, or empty when it never received it. */
    Optional<OrderResult> find(String serial) throws CarrierException;
}
