package org.wxplatform.activity;

import java.time.Instant;
import java.util.List;

/** What an operator sets on an activity; checked by {@link ActivityService#validate}. */
public record ActivityDraft(
        String title,
        String body,
        List<String> images,
        ActivityModule module,
        Audience audience,
        Instant startsAt,
        Instant endsAt,
        List<PrizeDraft> prizes) {}
