package org.wxplatform.message.xml;

/**
 * The answer {@code success}: the callback was received, no message goes to the user, and WeChat does not
 * retry. Safe mode sends it unencrypted, as WeChat's documentation prescribes.
 */
public record NoReply() implements Reply {

    static final NoReply INSTANCE = new NoReply();

    /** The body WeChat expects for "no reply". */
    public static final String BODY = "success";
}
