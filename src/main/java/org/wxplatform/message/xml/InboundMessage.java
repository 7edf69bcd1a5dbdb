package org.wxplatform.message.xml;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A callback from WeChat: a user's message, an event, or something this version does not know.
 *
 * <p>The set is closed: {@link UserMessage} (text, image, voice, video, shortvideo, location, link),
 * {@link Event} (subscribe, unsubscribe, SCAN, LOCATION, CLICK, VIEW, TEMPLATESENDJOBFINISH,
 * MASSSENDJOBFINISH) and {@link Unknown}. Records validate on construction, so an instance is always
 * renderable; optional values are null, never blank.
 *
 * <p>{@link #dedupeKey()} identifies one callback across WeChat's retries (it retries up to three times when
 * no answer comes within 5 s): the MsgId for user messages, and {@code FromUserName#CreateTime#Event} for
 * events (SPEC §1.6). It is unique within one official account; callers that keep keys of several accounts
 * in one store prefix it with the account.
 */
public sealed interface InboundMessage {

    /** The official account's WeChat id (the original id, {@code gh_...}). */
    String toUserName();

    /** The subscriber's OpenID. */
    String fromUserName();

    /** Seconds since the epoch, as WeChat stamps the callback. */
    long createTime();

    /** The {@code MsgType} value ({@code event} for events). */
    String msgType();

    /** The key under which retries of this callback are recognised (see the interface comment). */
    String dedupeKey();

    /** A message a subscriber sent; it has a MsgId. */
    sealed interface UserMessage extends InboundMessage {
        /** WeChat's 64-bit message id, as decimal digits. */
        String msgId();

        @Override
        default String dedupeKey() {
            return msgId();
        }
    }

    /** An event; {@code MsgType} is {@code event}. */
    sealed interface Event extends InboundMessage {
        String MSG_TYPE = "event";

        /** The {@code Event} value, in WeChat's spelling. */
        String event();

        @Override
        default String msgType() {
            return MSG_TYPE;
        }

        @Override
        default String dedupeKey() {
            return fromUserName() + "#" + createTime() + "#" + event();
        }
    }

    /** {@code MsgType} text. */
    record Text(String toUserName, String fromUserName, long createTime, String msgId, String content)
            implements UserMessage {
        public static final String TYPE = "text";

        public Text {
            header(toUserName, fromUserName, createTime);
            Checks.msgId(msgId, "msgId");
            Checks.present(content, "content");
        }

        @Override
        public String msgType() {
            return TYPE;
        }
    }

    /** {@code MsgType} image. */
    record Image(String toUserName, String fromUserName, long createTime, String msgId, String picUrl, String mediaId)
            implements UserMessage {
        public static final String TYPE = "image";

        public Image {
            header(toUserName, fromUserName, createTime);
            Checks.msgId(msgId, "msgId");
            Checks.present(picUrl, "picUrl");
            Checks.nonBlank(mediaId, "mediaId");
        }

        @Override
        public String msgType() {
            return TYPE;
        }
    }

    /**
     * {@code MsgType} voice.
     *
     * @param recognition speech recognition result, present only when the account enabled it; else null
     */
    record Voice(
            String toUserName,
            String fromUserName,
            long createTime,
            String msgId,
            String mediaId,
            String format,
            String recognition)
            implements UserMessage {
        public static final String TYPE = "voice";

        public Voice {
            header(toUserName, fromUserName, createTime);
            Checks.msgId(msgId, "msgId");
            Checks.nonBlank(mediaId, "mediaId");
            Checks.present(format, "format");
            recognition = Checks.optional(recognition);
        }

        @Override
        public String msgType() {
            return TYPE;
        }
    }

    /** {@code MsgType} video. */
    record Video(
            String toUserName, String fromUserName, long createTime, String msgId, String mediaId, String thumbMediaId)
            implements UserMessage {
        public static final String TYPE = "video";

        public Video {
            header(toUserName, fromUserName, createTime);
            Checks.msgId(msgId, "msgId");
            Checks.nonBlank(mediaId, "mediaId");
            Checks.present(thumbMediaId, "thumbMediaId");
        }

        @Override
        public String msgType() {
            return TYPE;
        }
    }

    /** {@code MsgType} shortvideo. */
    record ShortVideo(
            String toUserName, String fromUserName, long createTime, String msgId, String mediaId, String thumbMediaId)
            implements UserMessage {
        public static final String TYPE = "shortvideo";

        public ShortVideo {
            header(toUserName, fromUserName, createTime);
            Checks.msgId(msgId, "msgId");
            Checks.nonBlank(mediaId, "mediaId");
            Checks.present(thumbMediaId, "thumbMediaId");
        }

        @Override
        public String msgType() {
            return TYPE;
        }
    }

    /**
     * {@code MsgType} location: a place the user picked.
     *
     * @param x latitude ({@code Location_X})
     * @param y longitude ({@code Location_Y})
     * @param scale map zoom level
     * @param label the place's description; empty when WeChat sends none
     */
    record Location(
            String toUserName,
            String fromUserName,
            long createTime,
            String msgId,
            BigDecimal x,
            BigDecimal y,
            int scale,
            String label)
            implements UserMessage {
        public static final String TYPE = "location";

        public Location {
            header(toUserName, fromUserName, createTime);
            Checks.msgId(msgId, "msgId");
            Checks.decimal(x, "x");
            Checks.decimal(y, "y");
            Checks.count(scale, "scale");
            Checks.present(label, "label");
        }

        @Override
        public String msgType() {
            return TYPE;
        }
    }

    /** {@code MsgType} link. */
    record Link(
            String toUserName,
            String fromUserName,
            long createTime,
            String msgId,
            String title,
            String description,
            String url)
            implements UserMessage {
        public static final String TYPE = "link";

        public Link {
            header(toUserName, fromUserName, createTime);
            Checks.msgId(msgId, "msgId");
            Checks.present(title, "title");
            Checks.present(description, "description");
            Checks.present(url, "url");
        }

        @Override
        public String msgType() {
            return TYPE;
        }
    }

    /**
     * Event subscribe. A subscription through a parameterised QR code carries
     * {@code EventKey = "qrscene_" + scene} and the QR code's ticket; a plain one carries neither.
     *
     * @param eventKey null for a plain subscription
     * @param ticket null for a plain subscription
     */
    record Subscribe(String toUserName, String fromUserName, long createTime, String eventKey, String ticket)
            implements Event {
        public static final String EVENT = "subscribe";

        /** The prefix WeChat puts before the scene of a QR-code subscription. */
        public static final String QR_SCENE_PREFIX = "qrscene_";

        public Subscribe {
            header(toUserName, fromUserName, createTime);
            eventKey = Checks.optional(eventKey);
            ticket = Checks.optional(ticket);
        }

        @Override
        public String event() {
            return EVENT;
        }

        /** The QR code's scene (id or string) without {@code qrscene_}, or null when not from a QR code. */
        public String sceneId() {
            if (eventKey == null || !eventKey.startsWith(QR_SCENE_PREFIX)) {
                return null;
            }
            return Checks.optional(eventKey.substring(QR_SCENE_PREFIX.length()));
        }
    }

    /** Event unsubscribe. */
    record Unsubscribe(String toUserName, String fromUserName, long createTime) implements Event {
        public static final String EVENT = "unsubscribe";

        public Unsubscribe {
            header(toUserName, fromUserName, createTime);
        }

        @Override
        public String event() {
            return EVENT;
        }
    }

    /**
     * Event SCAN: an existing subscriber scanned a parameterised QR code.
     *
     * @param eventKey the scene, without prefix
     * @param ticket the QR code's ticket, or null
     */
    record Scan(String toUserName, String fromUserName, long createTime, String eventKey, String ticket)
            implements Event {
        public static final String EVENT = "SCAN";

        public Scan {
            header(toUserName, fromUserName, createTime);
            Checks.nonBlank(eventKey, "eventKey");
            ticket = Checks.optional(ticket);
        }

        @Override
        public String event() {
            return EVENT;
        }
    }

    /** Event LOCATION: the position WeChat reports when the user enters the chat (if allowed). */
    record LocationEvent(
            String toUserName,
            String fromUserName,
            long createTime,
            BigDecimal latitude,
            BigDecimal longitude,
            BigDecimal precision)
            implements Event {
        public static final String EVENT = "LOCATION";

        public LocationEvent {
            header(toUserName, fromUserName, createTime);
            Checks.decimal(latitude, "latitude");
            Checks.decimal(longitude, "longitude");
            Checks.decimal(precision, "precision");
        }

        @Override
        public String event() {
            return EVENT;
        }
    }

    /** Event CLICK: a click on a menu entry of type click. */
    record Click(String toUserName, String fromUserName, long createTime, String eventKey) implements Event {
        public static final String EVENT = "CLICK";

        public Click {
            header(toUserName, fromUserName, createTime);
            Checks.nonBlank(eventKey, "eventKey");
        }

        @Override
        public String event() {
            return EVENT;
        }
    }

    /**
     * Event VIEW: a click on a menu entry that opens a URL.
     *
     * @param eventKey the URL opened
     * @param menuId the personalised menu's id, or null
     */
    record View(String toUserName, String fromUserName, long createTime, String eventKey, String menuId)
            implements Event {
        public static final String EVENT = "VIEW";

        public View {
            header(toUserName, fromUserName, createTime);
            Checks.nonBlank(eventKey, "eventKey");
            menuId = Checks.optional(menuId);
        }

        @Override
        public String event() {
            return EVENT;
        }
    }

    /**
     * Event TEMPLATESENDJOBFINISH: the delivery receipt of a template message.
     *
     * @param msgId the template message's id ({@code MsgID})
     * @param status {@code success}, {@code failed:user block} or {@code failed: system failed}
     */
    record TemplateSendJobFinish(String toUserName, String fromUserName, long createTime, String msgId, String status)
            implements Event {
        public static final String EVENT = "TEMPLATESENDJOBFINISH";

        public TemplateSendJobFinish {
            header(toUserName, fromUserName, createTime);
            Checks.msgId(msgId, "msgId");
            Checks.nonBlank(status, "status");
        }

        @Override
        public String event() {
            return EVENT;
        }
    }

    /** Event MASSSENDJOBFINISH: the result of a mass send. */
    record MassSendJobFinish(
            String toUserName,
            String fromUserName,
            long createTime,
            String msgId,
            String status,
            int totalCount,
            int filterCount,
            int sentCount,
            int errorCount)
            implements Event {
        public static final String EVENT = "MASSSENDJOBFINISH";

        public MassSendJobFinish {
            header(toUserName, fromUserName, createTime);
            Checks.msgId(msgId, "msgId");
            Checks.nonBlank(status, "status");
            Checks.count(totalCount, "totalCount");
            Checks.count(filterCount, "filterCount");
            Checks.count(sentCount, "sentCount");
            Checks.count(errorCount, "errorCount");
        }

        @Override
        public String event() {
            return EVENT;
        }
    }

    /**
     * A message type or event this version does not handle (logged and answered {@code success}, SPEC §1.3).
     *
     * @param msgType the {@code MsgType} value
     * @param event the {@code Event} value, or null when the message is not an event
     * @param fields every other leaf field, in document order (unmodifiable; nested structures are not kept)
     */
    record Unknown(
            String toUserName,
            String fromUserName,
            long createTime,
            String msgType,
            String event,
            Map<String, String> fields)
            implements InboundMessage {

        private static final Pattern XML_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,63}");

        public Unknown {
            header(toUserName, fromUserName, createTime);
            msgType = Checks.nonBlank(msgType, "msgType").strip();
            event = Checks.optional(event);
            event = event == null ? null : event.strip();
            if (msgType.equalsIgnoreCase(Event.MSG_TYPE) && event == null) {
                throw new IllegalArgumentException("an event needs its Event name");
            }
            // A known type here would render as XML that parses to the specific record, not back to this one.
            if (InboundParser.isKnown(msgType, event)) {
                throw new IllegalArgumentException("message type is known; use its record");
            }
            Objects.requireNonNull(fields, "fields");
            LinkedHashMap<String, String> copy = new LinkedHashMap<>();
            for (Map.Entry<String, String> entry : fields.entrySet()) {
                String name = Objects.requireNonNull(entry.getKey(), "field name");
                if (InboundParser.HEADER_FIELDS.contains(name)) {
                    throw new IllegalArgumentException(name + " is a header field, not an extra field");
                }
                if (!XML_NAME.matcher(name).matches()) {
                    throw new IllegalArgumentException("field names must be simple XML names");
                }
                copy.put(name, Objects.requireNonNull(entry.getValue(), name));
            }
            fields = Collections.unmodifiableMap(copy);
        }

        /** The MsgId when the unknown message has one, else {@code FromUserName#CreateTime#Event-or-MsgType}. */
        @Override
        public String dedupeKey() {
            String msgId = fields.getOrDefault(InboundParser.MSG_ID, fields.get(InboundParser.MSG_ID_UPPER));
            if (msgId != null && Checks.isMsgId(msgId.strip())) {
                return msgId.strip();
            }
            return fromUserName + "#" + createTime + "#" + (event != null ? event : msgType);
        }
    }

    private static void header(String toUserName, String fromUserName, long createTime) {
        Checks.nonBlank(toUserName, "toUserName");
        Checks.nonBlank(fromUserName, "fromUserName");
        Checks.createTime(createTime);
    }
}
