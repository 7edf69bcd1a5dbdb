package org.wxplatform.sandbox.carrier;

/**
 * The outcome of an order serial: {@code code} OK, INSUFFICIENT_BALANCE or ALREADY_SUBSCRIBED, the carrier's
 * order id when it succeeded, when it was executed (epoch ms) and whether this answer is for a repeated
 * submission of the serial.
 */
public record SimOrder(
        String serial,
        String phone,
        String kind,
        String productCode,
        long amountFen,
        boolean success,
        String code,
        String message,
        String carrierOrderId,
        long executedAt,
        boolean duplicate) {}
