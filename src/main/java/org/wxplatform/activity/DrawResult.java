package org.wxplatform.activity;

/**
 * The answer to a subscriber's draw. {@code fresh} is false when the subscriber had already drawn: the
 * stored outcome is answered again and nothing else is given.
 */
public record DrawResult(Outcome outcome, Participation participation, boolean fresh, String message) {

    public enum Outcome {
        /** Drawn (now or before): see {@link Participation#outcome()}. */
        DRAWN,
        /** Not open (draft, not started, ended). */
        CLOSED,
        /** The audience excludes this subscriber (not bound, or without the activity's WeChat tag). */
        NOT_IN_AUDIENCE,
        /** Whether the subscriber is in the audience could not be known now (WeChat unreachable): try later. */
        TRY_LATER,
        /** The module does not draw. */
        NO_DRAW
    }
}
