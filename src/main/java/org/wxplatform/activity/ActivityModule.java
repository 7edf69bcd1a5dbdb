package org.wxplatform.activity;

/** The page module an activity shows (SPEC §5.1: one page framework, several games). */
public enum ActivityModule {
    /** A lottery wheel: one server-side draw per subscriber. */
    LOTTERY(true),
    /** Shake to win: the phone's shake (or a tap) asks for the same one draw per subscriber. */
    SHAKE(true),
    /** The red-packet square: a door to the red-packet page; a visit is recorded once. */
    REDPACKET_SQUARE(false);

    private final boolean draws;

    ActivityModule(boolean draws) {
        this.draws = draws;
    }

    /** Whether the module draws prizes (and so has a prize list). */
    public boolean draws() {
        return draws;
    }
}
