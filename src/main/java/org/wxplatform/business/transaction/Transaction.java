package org.wxplatform.business.transaction;

import java.time.Instant;
import org.wxplatform.business.carrier.OrderKind;
import org.wxplatform.business.carrier.OrderRequest;

/**
 * One stored transaction ({@code biz_transaction}). States: {@code Q} stored, {@code P} queued,
 * {@code S} sent to the carrier with the outcome unknown, {@code W} waiting for the carrier to be back,
 * {@code D} done, {@code F} failed (refused by the carrier). {@code notified}: {@code N}, {@code P} being
 * told, {@code Y} told.
 */
public record Transaction(
        long id,
        String requestKey,
        String appid,
        String openid,
        String phone,
        OrderKind kind,
        String productCode,
        long amountFen,
        String title,
        char state,
        int attempt,
        String serial,
        int tries,
        Instant nextTryAt,
        String resultCode,
        String resultMessage,
        String carrierOrderId,
        char notified,
        boolean toldWaiting,
        String redoBy,
        Instant createdAt,
        Instant updatedAt,
        Instant doneAt) {

    /** Whether the carrier's outcome is stored. */
    public boolean finished() {
        return state == 'D' || state == 'F';
    }

    /** What the carrier is sent for this attempt. */
    public OrderRequest order() {
        return new OrderRequest(serial, phone, kind, productCode, amountFen);
    }

    /**
     * The serial of attempt {@code attempt} of transaction {@code id} created at {@code createdAt}: stable
     * across retries of the attempt, and unique beyond this database (the creation time in it keeps a
     * rebuilt or second database, whose ids start again at 1, from reusing a serial the carrier has
     * already executed, which it would answer with the old outcome instead of executing).
     */
    static String serial(long id, Instant createdAt, int attempt) {
        return "WXP" + Long.toString(createdAt.toEpochMilli(), 36).toUpperCase(java.util.Locale.ROOT) + "-" + id + "-"
                + attempt;
    }

    /** {@code 138****5678}: enough for the subscriber to recognise, not enough to leak. */
    public static String maskedPhone(String phone) {
        if (phone == null || phone.length() < 7) {
            return phone;
        }
        return phone.substring(0, 3) + "****" + phone.substring(phone.length() - 4);
    }
}
