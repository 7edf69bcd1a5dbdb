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
        /** The audience excludes this subscriber (not bound). */
        NOT_IN_AUDIENCE,
        /** The module does not draw. */
        NO_DRAW
    }
}
