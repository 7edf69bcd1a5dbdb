package org.wxplatform.message.xml;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Turns a plaintext callback body (plain mode, compatible mode, or the decrypted XML of safe mode) into an
 * {@link InboundMessage}.
 *
 * <p>Guarantees: the body is parsed only through {@link SafeXml}; a known {@code MsgType}/{@code Event}
 * missing a field WeChat always sends, or with a field of the wrong form, is a
 * {@link MalformedMessageException} naming that field; an unknown type or event is never an error but an
 * {@link InboundMessage.Unknown}. Matching of type and event names ignores case. Text values are kept
 * exactly as sent; numbers and ids are read after trimming surrounding whitespace. In compatible mode the
 * {@code Encrypt} field beside the plaintext is ignored (it is among the fields of an {@code Unknown}).
 *
 * <p>{@code parse(InboundRenderer.render(m)).equals(m)} holds for every message {@code m}.
 *
 * <p>Thread-safe.
 */
public final class InboundParser {

    static final String TO_USER_NAME = "ToUserName";
    static final String FROM_USER_NAME = "FromUserName";
    static final String CREATE_TIME = "CreateTime";
    static final String MSG_TYPE = "MsgType";
    static final String EVENT = "Event";
    static final String MSG_ID = "MsgId";
    /** Events (and some documentation samples) spell it {@code MsgID}. */
    static final String MSG_ID_UPPER = "MsgID";

    static final Set<String> HEADER_FIELDS = Set.of(TO_USER_NAME, FROM_USER_NAME, CREATE_TIME, MSG_TYPE, EVENT);

    private static final Set<String> KNOWN_TYPES = Set.of(
            InboundMessage.Text.TYPE,
            InboundMessage.Image.TYPE,
            InboundMessage.Voice.TYPE,
            InboundMessage.Video.TYPE,
            InboundMessage.ShortVideo.TYPE,
            InboundMessage.Location.TYPE,
            InboundMessage.Link.TYPE);

    private static final Set<String> KNOWN_EVENTS = Set.of(
            InboundMessage.Subscribe.EVENT.toUpperCase(Locale.ROOT),
            InboundMessage.Unsubscribe.EVENT.toUpperCase(Locale.ROOT),
            InboundMessage.Scan.EVENT,
            InboundMessage.LocationEvent.EVENT,
            InboundMessage.Click.EVENT,
            InboundMessage.View.EVENT,
            InboundMessage.TemplateSendJobFinish.EVENT,
            InboundMessage.MassSendJobFinish.EVENT);

    private final SafeXml safeXml;

    /** With a {@link SafeXml} of the default size limit. */
    public InboundParser() {
        this(new SafeXml());
    }

    public InboundParser(SafeXml safeXml) {
        this.safeXml = Objects.requireNonNull(safeXml, "safeXml");
    }

    /** Parses a UTF-8 body. */
    public InboundMessage parse(byte[] body) throws MalformedMessageException {
        return fromFields(safeXml.parseFields(body));
    }

    /** Parses a decoded body (for example the decrypted XML of a safe-mode callback). */
    public InboundMessage parse(String xml) throws MalformedMessageException {
        return fromFields(safeXml.parseFields(xml));
    }

    /** Builds the message from the leaf fields of an already parsed {@code <xml>} root. */
    public InboundMessage fromFields(Map<String, String> fields) throws MalformedMessageException {
        Fields f = new Fields(fields);
        String to = f.id(TO_USER_NAME);
        String from = f.id(FROM_USER_NAME);
        long createTime = f.seconds(CREATE_TIME);
        String msgType = f.id(MSG_TYPE).strip();
        try {
            switch (msgType.toLowerCase(Locale.ROOT)) {
                case InboundMessage.Event.MSG_TYPE:
                    return event(f, to, from, createTime, msgType);
                case InboundMessage.Text.TYPE:
                    return new InboundMessage.Text(to, from, createTime, f.msgId(), f.text("Content"));
                case InboundMessage.Image.TYPE:
                    return new InboundMessage.Image(to, from, createTime, f.msgId(), f.text("PicUrl"), f.id("MediaId"));
                case InboundMessage.Voice.TYPE:
                    return new InboundMessage.Voice(
                            to,
                            from,
                            createTime,
                            f.msgId(),
                            f.id("MediaId"),
                            f.text("Format"),
                            f.optional("Recognition"));
                case InboundMessage.Video.TYPE:
                    return new InboundMessage.Video(
                            to, from, createTime, f.msgId(), f.id("MediaId"), f.text("ThumbMediaId"));
                case InboundMessage.ShortVideo.TYPE:
                    return new InboundMessage.ShortVideo(
                            to, from, createTime, f.msgId(), f.id("MediaId"), f.text("ThumbMediaId"));
                case InboundMessage.Location.TYPE:
                    return new InboundMessage.Location(
                            to,
                            from,
                            createTime,
                            f.msgId(),
                            f.decimal("Location_X"),
                            f.decimal("Location_Y"),
                            f.count("Scale"),
                            f.textOrEmpty("Label"));
                case InboundMessage.Link.TYPE:
                    return new InboundMessage.Link(
                            to, from, createTime, f.msgId(), f.text("Title"), f.text("Description"), f.text("Url"));
                default:
                    return unknown(fields, to, from, createTime, msgType, f.optional(EVENT));
            }
        } catch (IllegalArgumentException e) {
            // The records' own checks caught a value the field readers let through.
            throw new MalformedMessageException(MalformedMessageException.Reason.BAD_FIELD, null, e);
        }
    }

    /** Whether this type/event pair is one of the specific records (so not an {@code Unknown}). */
    static boolean isKnown(String msgType, String event) {
        String type = msgType.strip().toLowerCase(Locale.ROOT);
        if (type.equals(InboundMessage.Event.MSG_TYPE)) {
            return event != null && KNOWN_EVENTS.contains(event.strip().toUpperCase(Locale.ROOT));
        }
        return KNOWN_TYPES.contains(type);
    }

    private static InboundMessage event(Fields f, String to, String from, long createTime, String msgType)
            throws MalformedMessageException {
        String event = f.id(EVENT).strip();
        switch (event.toUpperCase(Locale.ROOT)) {
            case "SUBSCRIBE":
                return new InboundMessage.Subscribe(to, from, createTime, f.optional("EventKey"), f.optional("Ticket"));
            case "UNSUBSCRIBE":
                return new InboundMessage.Unsubscribe(to, from, createTime);
            case InboundMessage.Scan.EVENT:
                return new InboundMessage.Scan(to, from, createTime, f.id("EventKey"), f.optional("Ticket"));
            case InboundMessage.LocationEvent.EVENT:
                return new InboundMessage.LocationEvent(
                        to, from, createTime, f.decimal("Latitude"), f.decimal("Longitude"), f.decimal("Precision"));
            case InboundMessage.Click.EVENT:
                return new InboundMessage.Click(to, from, createTime, f.id("EventKey"));
            case InboundMessage.View.EVENT:
                return new InboundMessage.View(to, from, createTime, f.id("EventKey"), f.optional("MenuId"));
            case InboundMessage.TemplateSendJobFinish.EVENT:
                return new InboundMessage.TemplateSendJobFinish(to, from, createTime, f.eventMsgId(), f.id("Status"));
            case InboundMessage.MassSendJobFinish.EVENT:
                return new InboundMessage.MassSendJobFinish(
                        to,
                        from,
                        createTime,
                        f.eventMsgId(),
                        f.id("Status"),
                        f.count("TotalCount"),
                        f.count("FilterCount"),
                        f.count("SentCount"),
                        f.count("ErrorCount"));
            default:
                return unknown(f.all, to, from, createTime, msgType, event);
        }
    }

    private static InboundMessage unknown(
            Map<String, String> fields, String to, String from, long createTime, String msgType, String event) {
        Map<String, String> extra = new LinkedHashMap<>(fields);
        extra.keySet().removeAll(HEADER_FIELDS);
        return new InboundMessage.Unknown(to, from, createTime, msgType, event, extra);
    }

    /** Readers for the leaf fields, each failing with the protocol name of the field. */
    private static final class Fields {
        private final Map<String, String> all;

        Fields(Map<String, String> all) {
            this.all = Objects.requireNonNull(all, "fields");
        }

        /** Present, possibly empty, exactly as sent. */
        String text(String name) throws MalformedMessageException {
            String value = all.get(name);
            if (value == null) {
                throw new MalformedMessageException(MalformedMessageException.Reason.MISSING_FIELD, name);
            }
            return value;
        }

        String textOrEmpty(String name) {
            return all.getOrDefault(name, "");
        }

        /** Present and not blank, exactly as sent. */
        String id(String name) throws MalformedMessageException {
            String value = all.get(name);
            if (value == null || value.isBlank()) {
                throw new MalformedMessageException(MalformedMessageException.Reason.MISSING_FIELD, name);
            }
            return value;
        }

        /** Null when absent or blank. */
        String optional(String name) {
            return Checks.optional(all.get(name));
        }

        /** User messages spell it MsgId. */
        String msgId() throws MalformedMessageException {
            return msgId(MSG_ID, MSG_ID_UPPER);
        }

        /** Events spell it MsgID. */
        String eventMsgId() throws MalformedMessageException {
            return msgId(MSG_ID_UPPER, MSG_ID);
        }

        /** Reads whichever spelling is present; a missing one is reported under the usual spelling. */
        private String msgId(String usual, String alternative) throws MalformedMessageException {
            String name = !all.containsKey(usual) && all.containsKey(alternative) ? alternative : usual;
            String value = id(name).strip();
            if (!Checks.isMsgId(value)) {
                throw new MalformedMessageException(MalformedMessageException.Reason.BAD_FIELD, name);
            }
            return value;
        }

        long seconds(String name) throws MalformedMessageException {
            String value = id(name).strip();
            if (value.length() > 18 || !digits(value)) {
                throw new MalformedMessageException(MalformedMessageException.Reason.BAD_FIELD, name);
            }
            return Long.parseLong(value);
        }

        int count(String name) throws MalformedMessageException {
            String value = id(name).strip();
            if (value.length() > 9 || !digits(value)) {
                throw new MalformedMessageException(MalformedMessageException.Reason.BAD_FIELD, name);
            }
            return Integer.parseInt(value);
        }

        /** Only ASCII digits (an empty value was refused before). */
        private static boolean digits(String value) {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c < '0' || c > '9') {
                    return false;
                }
            }
            return true;
        }

        BigDecimal decimal(String name) throws MalformedMessageException {
            String value = id(name).strip();
            if (!Checks.DECIMAL.matcher(value).matches()) {
                throw new MalformedMessageException(MalformedMessageException.Reason.BAD_FIELD, name);
            }
            return new BigDecimal(value);
        }
    }
}
