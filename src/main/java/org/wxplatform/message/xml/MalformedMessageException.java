package org.wxplatform.message.xml;

import java.util.Objects;

/**
 * A callback body (or reply) that is not acceptable WeChat XML.
 *
 * <p>{@link #getMessage()} is a short fixed text per {@link Reason}, plus, for a missing or invalid field,
 * the protocol's name of that field. It never contains input text or parser details, so an endpoint may
 * answer it in a 400 as is; the parser's own exception, when there is one, is kept as the cause for the
 * server log only.
 */
public final class MalformedMessageException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why a body was refused. */
    public enum Reason {
        /** The body is over the configured byte limit. */
        TOO_LARGE("request body too large"),
        /** The body has a document type declaration; DTDs are never processed. */
        DOCTYPE("DOCTYPE is not allowed"),
        /** Not well-formed XML, not UTF-8, or empty. */
        MALFORMED("malformed XML"),
        /** Well-formed, but not a WeChat {@code <xml>} document of the expected shape. */
        NOT_WECHAT_XML("not a WeChat XML message"),
        /** Elements nested deeper than any WeChat message. */
        TOO_DEEP("XML nested too deeply"),
        /** The same field twice in one element. */
        DUPLICATE_FIELD("duplicate field"),
        /** A field the message type requires is absent or empty. */
        MISSING_FIELD("missing required field"),
        /** A field has a value of the wrong form (for example a non-numeric CreateTime). */
        BAD_FIELD("invalid field value");

        private final String text;

        Reason(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    private final Reason reason;
    private final String field;

    public MalformedMessageException(Reason reason) {
        this(reason, null, null);
    }

    /**
     * @param field the protocol name of the field concerned (one of our constants, never input text), or
     *     null
     */
    public MalformedMessageException(Reason reason, String field) {
        this(reason, field, null);
    }

    /** @param cause the parser's exception, for the server log */
    public MalformedMessageException(Reason reason, String field, Throwable cause) {
        super(text(reason, field), cause);
        this.reason = reason;
        this.field = field;
    }

    public Reason reason() {
        return reason;
    }

    /** The protocol name of the field concerned, or null. */
    public String field() {
        return field;
    }

    private static String text(Reason reason, String field) {
        Objects.requireNonNull(reason, "reason");
        return field == null ? reason.text() : reason.text() + ": " + field;
    }
}
