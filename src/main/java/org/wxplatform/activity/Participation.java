package org.wxplatform.activity;

import java.time.Instant;

/**
 * One subscriber's part in one activity (at most one row each): the outcome of the draw ({@code WON}
 * with the prize, {@code LOST}) or {@code VISITED} for a module that does not draw.
 */
public record Participation(
        long id,
        long activityId,
        String activityTitle,
        String appid,
        String openid,
        String phone,
        String outcome,
        String prizeName,
        Instant createdAt) {}
