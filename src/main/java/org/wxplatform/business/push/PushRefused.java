package org.wxplatform.business.push;

/**
 * A push that cannot be made as asked (a file that is binary, too large or in an unknown encoding, a field
 * value WeChat would refuse, a push in the wrong state for the action): the message says what to change.
 * Nothing of the push is left behind.
 */
public class PushRefused extends Exception {

    private static final long serialVersionUID = 1L;

    /** What an HTTP answer should be: 400 bad input, 404 unknown, 409 wrong state, 413 too large. */
    private final int status;

    public PushRefused(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
