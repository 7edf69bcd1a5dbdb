package org.wxplatform.activity;

/**
 * Who may take part. {@link #ALL} and {@link #BOUND} are decided by the product's own data; {@link #TAG}
 * by WeChat's user tags, asked of WeChat ({@code /cgi-bin/tags/getidlist}) for each subscriber and kept a
 * short time ({@link TagAudiences}). When WeChat cannot answer, a subscriber of a TAG activity is neither
 * let in nor turned away for good: told to try again later ({@link Membership#UNKNOWN}).
 */
public enum Audience {
    /** Every subscriber who opens the page (snapshot-page visitors only look). */
    ALL,
    /** Only subscribers with a bound phone number. */
    BOUND,
    /** Only subscribers carrying one WeChat user tag ({@link Activity#tag()}). */
    TAG
}
