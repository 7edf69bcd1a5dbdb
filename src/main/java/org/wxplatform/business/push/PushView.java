package org.wxplatform.business.push;

import jakarta.json.bind.annotation.JsonbNillable;
import java.util.Map;

/**
 * A push as the admin shows it: what the file held, where the sending is (live counts of its targets by
 * state), the pace, and WeChat's receipts ({@code delivered} = success, {@code blocked} = the user blocked
 * template messages, {@code receiptFailed} = any other failed Status; {@code receipts} has every Status as
 * WeChat wrote it).
 */
@JsonbNillable
public record PushView(
        long id,
        String appid,
        String templateId,
        String state,
        String pauseReason,
        int rate,
        String url,
        String fileName,
        long fileBytes,
        String encoding,
        int lines,
        int invalid,
        int duplicates,
        int unbound,
        int targets,
        long pending,
        long inDoubt,
        long sent,
        long failed,
        long cancelled,
        long resent,
        long delivered,
        long blocked,
        long receiptFailed,
        long awaitingReceipt,
        Map<String, Long> receipts,
        double currentRate,
        Long secondsLeft,
        String createdBy,
        String mailTo,
        long createdMs,
        Long startedMs,
        Long finishedMs,
        Long mailedMs) {

    /** Whether every target is settled (sent, failed or cancelled). */
    public boolean settled() {
        return pending == 0 && inDoubt == 0;
    }
}
