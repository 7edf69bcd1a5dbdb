package org.wxplatform.sandbox.wechat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * The XML WeChat posts to an account's callback URL, one builder per message and event type of SPEC §1.3,
 * laid out as in WeChat's "接收普通消息" and "接收事件推送" documentation: {@code ToUserName} is the
 * account's original id ({@code gh_...}), {@code FromUserName} the subscriber's OpenID, {@code CreateTime}
 * seconds since the epoch; strings in CDATA, numbers bare; user messages end with {@code MsgId}, the two
 * job-finished events carry {@code MsgID} (WeChat's spelling for events).
 *
 * <p>Guarantees: every builder returns one well-formed {@code <xml>} document; no value can change its
 * structure (CDATA terminators are split, characters XML cannot carry are refused); each user message gets
 * a fresh positive 64-bit {@code MsgId}, unique among all messages built in this JVM and, by a random
 * start, very unlikely to repeat one of another run. Thread-safe.
 */
public final class CallbackMessages {

    /** The {@code EventKey} prefix of a subscription through a parametric QR code. */
    public static final String QR_SCENE_PREFIX = "qrscene_";

    private static final Pattern ORIGINAL_ID = Pattern.compile("[0-9A-Za-z_\\-]{1,64}");
    private static final AtomicLong SEQUENCE = new AtomicLong(new SecureRandom().nextInt(1_000_000_000));

    private final String originalId;
    private final LongSupplier clock;

    /** Messages to the account with this original id, stamped with the current time. */
    public CallbackMessages(String originalId) {
        this(originalId, () -> System.currentTimeMillis() / 1000);
    }

    /** Messages stamped by {@code epochSeconds} (a fixed clock makes the XML reproducible in tests). */
    public CallbackMessages(String originalId, LongSupplier epochSeconds) {
        if (originalId == null || !ORIGINAL_ID.matcher(originalId).matches()) {
            throw new IllegalArgumentException("originalId must be 1 to 64 letters, digits, '_' or '-' (gh_...)");
        }
        this.originalId = originalId;
        this.clock = Objects.requireNonNull(epochSeconds, "epochSeconds");
    }

    /** Messages to the account whose original id is derived from its AppId by {@link #originalIdFor}. */
    public static CallbackMessages forAppId(String appId) {
        return new CallbackMessages(originalIdFor(appId));
    }

    /**
     * A stable original id for an AppId when the operator has not recorded the real one: {@code gh_}
     * followed by 12 hex digits, the shape of WeChat's ids, taken from the SHA-1 of the AppId.
     */
    public static String originalIdFor(String appId) {
        Objects.requireNonNull(appId, "appId");
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(appId.getBytes(StandardCharsets.UTF_8));
            return "gh_" + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is not available", e);
        }
    }

    /**
     * A fresh message id: the current second times 10^9 plus a sequence number, so ids grow with time, fit
     * a signed 64-bit integer until the year 2262 and look like WeChat's 19-digit ids.
     */
    public static String nextMsgId() {
        long second = System.currentTimeMillis() / 1000;
        long sequence = Math.floorMod(SEQUENCE.getAndIncrement(), 1_000_000_000L);
        return Long.toString(second * 1_000_000_000L + sequence);
    }

    public String originalId() {
        return originalId;
    }

    // ---- user messages

    public String text(String openId, String content) {
        return message(openId, "text", SimXml.cdata("Content", content));
    }

    public String image(String openId, String picUrl, String mediaId) {
        return message(openId, "image", SimXml.cdata("PicUrl", picUrl) + SimXml.cdata("MediaId", mediaId));
    }

    /**
     * A voice message; {@code recognition} is the speech-recognition text WeChat adds when the account has
     * recognition on, or null to leave the field out.
     */
    public String voice(String openId, String mediaId, String format, String recognition) {
        return message(
                openId,
                "voice",
                SimXml.cdata("MediaId", mediaId)
                        + SimXml.cdata("Format", format)
                        + (recognition == null ? "" : SimXml.cdata("Recognition", recognition)));
    }

    public String video(String openId, String mediaId, String thumbMediaId) {
        return message(openId, "video", SimXml.cdata("MediaId", mediaId) + SimXml.cdata("ThumbMediaId", thumbMediaId));
    }

    public String shortVideo(String openId, String mediaId, String thumbMediaId) {
        return message(
                openId, "shortvideo", SimXml.cdata("MediaId", mediaId) + SimXml.cdata("ThumbMediaId", thumbMediaId));
    }

    /** A location the user shared: {@code x} is the latitude, {@code y} the longitude, as WeChat names them. */
    public String location(String openId, BigDecimal x, BigDecimal y, int scale, String label) {
        return message(
                openId,
                "location",
                SimXml.bare("Location_X", decimal(x, "x"))
                        + SimXml.bare("Location_Y", decimal(y, "y"))
                        + SimXml.bare("Scale", scale)
                        + SimXml.cdata("Label", label == null ? "" : label));
    }

    public String link(String openId, String title, String description, String url) {
        return message(
                openId,
                "link",
                SimXml.cdata("Title", title) + SimXml.cdata("Description", description) + SimXml.cdata("Url", url));
    }

    // ---- events

    /** A plain follow (search, name card ...): no EventKey, no Ticket. */
    public String subscribe(String openId) {
        return eventXml(openId, "subscribe", "");
    }

    /**
     * A follow through a parametric QR code: {@code EventKey} is {@code qrscene_} + the scene, and the QR
     * code's {@code Ticket} follows when not null.
     */
    public String subscribe(String openId, String scene, String ticket) {
        Objects.requireNonNull(scene, "scene");
        return eventXml(
                openId,
                "subscribe",
                SimXml.cdata("EventKey", QR_SCENE_PREFIX + scene)
                        + (ticket == null ? "" : SimXml.cdata("Ticket", ticket)));
    }

    public String unsubscribe(String openId) {
        return eventXml(openId, "unsubscribe", "");
    }

    /** A follower scanning a parametric QR code: {@code EventKey} is the bare scene. */
    public String scan(String openId, String scene, String ticket) {
        return eventXml(
                openId,
                "SCAN",
                SimXml.cdata("EventKey", scene) + (ticket == null ? "" : SimXml.cdata("Ticket", ticket)));
    }

    /** The position report WeChat sends on entering the chat when the account asked for it. */
    public String locationEvent(String openId, BigDecimal latitude, BigDecimal longitude, BigDecimal precision) {
        return eventXml(
                openId,
                "LOCATION",
                SimXml.bare("Latitude", decimal(latitude, "latitude"))
                        + SimXml.bare("Longitude", decimal(longitude, "longitude"))
                        + SimXml.bare("Precision", decimal(precision, "precision")));
    }

    /** A click on a menu button of type click. */
    public String click(String openId, String key) {
        return eventXml(openId, "CLICK", SimXml.cdata("EventKey", key));
    }

    /** A click on a menu button of type view: {@code EventKey} is the URL opened. */
    public String view(String openId, String url) {
        return eventXml(openId, "VIEW", SimXml.cdata("EventKey", url));
    }

    /** As {@link #view(String, String)}, with the {@code MenuId} of a personalised menu. */
    public String view(String openId, String url, String menuId) {
        return eventXml(openId, "VIEW", SimXml.cdata("EventKey", url) + SimXml.bare("MenuId", menuId));
    }

    /**
     * The outcome of a template message push: {@code status} is {@code success},
     * {@code failed:user block} or {@code failed: system failed}.
     */
    public String templateSendJobFinish(String openId, String msgId, String status) {
        return eventXml(openId, "TEMPLATESENDJOBFINISH", SimXml.bare("MsgID", msgId) + SimXml.cdata("Status", status));
    }

    /** The outcome of a mass send ({@code openId} is the account's administrator as WeChat sends it). */
    public String massSendJobFinish(
            String openId,
            String msgId,
            String status,
            int totalCount,
            int filterCount,
            int sentCount,
            int errorCount) {
        return eventXml(
                openId,
                "MASSSENDJOBFINISH",
                SimXml.bare("MsgID", msgId)
                        + SimXml.cdata("Status", status)
                        + SimXml.bare("TotalCount", totalCount)
                        + SimXml.bare("FilterCount", filterCount)
                        + SimXml.bare("SentCount", sentCount)
                        + SimXml.bare("ErrorCount", errorCount));
    }

    /**
     * Any other event, with an {@code EventKey} when not null: events WeChat has and the product may not
     * know (scancode_push, pic_weixin, ...), which it must answer {@code success}.
     */
    public String event(String openId, String event, String eventKey) {
        return eventXml(openId, event, eventKey == null ? "" : SimXml.cdata("EventKey", eventKey));
    }

    private String message(String openId, String msgType, String body) {
        return header(openId, msgType) + body + SimXml.bare("MsgId", nextMsgId()) + "</xml>";
    }

    private String eventXml(String openId, String event, String body) {
        return header(openId, "event") + SimXml.cdata("Event", event) + body + "</xml>";
    }

    private String header(String openId, String msgType) {
        if (openId == null || openId.isBlank()) {
            throw new IllegalArgumentException("the sender's OpenID is required");
        }
        return "<xml>" + SimXml.cdata("ToUserName", originalId)
                + SimXml.cdata("FromUserName", openId)
                + SimXml.bare("CreateTime", clock.getAsLong())
                + SimXml.cdata("MsgType", msgType);
    }

    private static String decimal(BigDecimal value, String name) {
        return Objects.requireNonNull(value, name).toPlainString();
    }
}
