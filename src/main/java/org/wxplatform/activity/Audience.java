package org.wxplatform.activity;

/**
 * Who may take part. WeChat's user tags are not offered: the WeChat client reads no tags and the
 * sandbox gives every user an empty {@code tagid_list}, so a tag audience could be neither honoured nor
 * tested; the two audiences here are decided by the product's own data.
 */
public enum Audience {
    /** Every subscriber who opens the page (snapshot-page visitors only look). */
    ALL,
    /** Only subscribers with a bound phone number. */
    BOUND
}
