package org.wxplatform.business.carrier;

import java.time.Instant;

/**
 * The carrier's outcome of a serial: {@code success}, its own order id when executed, a result code
 * ({@code OK} or a fault code such as {@code INSUFFICIENT_BALANCE}) and a message fit for the subscriber.
 */
public record OrderResult(
        String serial, boolean success, String carrierOrderId, String code, String message, Instant executedAt) {}
