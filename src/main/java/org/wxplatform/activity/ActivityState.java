package org.wxplatform.activity;

/** The life of an activity: edited as a draft, published once, ended (by the operator or its window). */
public enum ActivityState {
    DRAFT,
    PUBLISHED,
    ENDED
}
