package org.wxplatform.customerservice;

import java.time.Instant;
import java.util.List;

/**
 * A stored auto-reply entry as the admin sees it (hidden ones included, flagged).
 *
 * @param id the entry's id, unique across accounts
 * @param appid the official account it answers for
 * @param keyword trimmed, as the operator typed it
 * @param hidden a hidden entry never answers
 * @param contents in the order the operator gave them
 */
public record AutoReplyEntry(
        long id,
        String appid,
        String keyword,
        MatchType match,
        boolean hidden,
        List<ReplyContent> contents,
        Instant createdAt,
        Instant updatedAt) {

    public AutoReplyEntry {
        contents = List.copyOf(contents);
    }
}
