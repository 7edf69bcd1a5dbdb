package org.wxplatform.activity;

import java.time.Instant;
import java.util.List;

/**
 * What an operator sets on an activity; checked by {@link ActivityService#validate}. {@code tag} is given
 * for (and only for) a {@link Audience#TAG} audience, by its id; the service fills in its name from WeChat.
 */
public record ActivityDraft(
        String title,
        String body,
        List<String> images,
        ActivityModule module,
        Audience audience,
        AudienceTag tag,
        Instant startsAt,
        Instant endsAt,
        List<PrizeDraft> prizes) {

    /** The same draft for {@code tag}. */
    public ActivityDraft withTag(AudienceTag tag) {
        return new ActivityDraft(title, body, images, module, audience, tag, startsAt, endsAt, prizes);
    }
}
