package org.wxplatform.activity;

import java.time.Instant;
import java.util.List;

/** A stored activity with its prizes; {@code tag} is set for a {@link Audience#TAG} audience only. */
public record Activity(
        long id,
        String appid,
        String title,
        String body,
        List<String> images,
        ActivityModule module,
        Audience audience,
        AudienceTag tag,
        Instant startsAt,
        Instant endsAt,
        ActivityState state,
        List<Prize> prizes,
        String createdBy,
        Instant createdAt,
        Instant updatedAt,
        Instant publishedAt,
        Instant endedAt) {

    /** What a subscriber finds at {@code now}: the stored state, with a published one past its window ended. */
    public Phase phase(Instant now) {
        return switch (state) {
            case DRAFT -> Phase.DRAFT;
            case ENDED -> Phase.ENDED;
            case PUBLISHED -> now.isBefore(startsAt)
                    ? Phase.NOT_STARTED
                    : now.isBefore(endsAt) ? Phase.OPEN : Phase.ENDED;
        };
    }

    /** The state as a subscriber meets it. */
    public enum Phase {
        DRAFT,
        NOT_STARTED,
        OPEN,
        ENDED
    }
}
