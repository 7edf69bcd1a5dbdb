package org.wxplatform.activity;

/** Whether a subscriber belongs to an activity's audience, as far as it can be known now. */
public enum Membership {
    IN,
    OUT,
    /** WeChat could not say (unreachable, busy, over its limits): neither let in nor recorded as out. */
    UNKNOWN
}
