package org.wxplatform.redpacket;

/** A request the red packets refuse, with the reason in the subscriber's words; nothing was moved. */
public class RedPacketException extends Exception {

    private static final long serialVersionUID = 1L;

    public enum Reason {
        BAD_INPUT,
        INSUFFICIENT,
        NOT_FOUND,
        UNBOUND,
        CLOSED,
        OWN
    }

    private final Reason reason;

    public RedPacketException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
