package org.wxplatform.sandbox.wechat.api;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;
import java.util.Set;

/**
 * The shape checks WeChat makes on customer-service messages ({@code /cgi-bin/message/custom/send}) and
 * template messages ({@code /cgi-bin/message/template/send}), each answering WeChat's errcode: a body that
 * is not one JSON object 47001 (44002 when empty), an invalid {@code touser} 40003, an unknown
 * {@code msgtype} 40008, an empty text 44004, missing news 44003, more than one article 45008, a missing
 * media_id 40007, a bad {@code template_id} 40037. Whether the user exists, is subscribed and whether a
 * media_id was uploaded is checked against the sandbox's state by the caller.
 */
public final class MessageRules {

    public static final Set<String> KF_TYPES = Set.of(
            "text",
            "image",
            "voice",
            "video",
            "music",
            "news",
            "mpnews",
            "mpnewsarticle",
            "msgmenu",
            "wxcard",
            "miniprogrampage");
    /** The kf types whose media_id must be a temporary media uploaded to this account. */
    public static final Set<String> UPLOADED_MEDIA = Set.of("image", "voice", "video");

    private MessageRules() {}

    /** A checked customer-service message: the recipient, the type and the type's object as sent. */
    public record Kf(String toUser, String msgType, JsonObject payload, String kfAccount) {}

    /** A checked template message. */
    public record Template(String toUser, String templateId, String url, JsonObject body) {}

    /** Reads a request body as one JSON object (47001 otherwise, 44002 when empty). */
    public static JsonObject body(String text) {
        if (text == null || text.isBlank()) {
            throw new ApiFailure(ApiFailure.EMPTY_POST_DATA, "empty post data");
        }
        try (JsonParser parser = Json.createParser(new StringReader(text))) {
            if (parser.hasNext() && parser.next() == JsonParser.Event.START_OBJECT) {
                JsonObject o = parser.getObject();
                if (parser.hasNext()) {
                    throw new ApiFailure(
                            ApiFailure.DATA_FORMAT_ERROR, "data format error hint: text after the JSON object");
                }
                return o;
            }
        } catch (JsonParsingException e) {
            throw new ApiFailure(ApiFailure.DATA_FORMAT_ERROR, "data format error hint: the body is not valid JSON");
        } catch (JsonException e) {
            throw new ApiFailure(
                    ApiFailure.DATA_FORMAT_ERROR, "data format error hint: the body is not one JSON value");
        }
        throw new ApiFailure(ApiFailure.DATA_FORMAT_ERROR, "data format error hint: the body must be a JSON object");
    }

    public static Kf kf(JsonObject body) {
        String toUser = MenuRules.string(body, "touser");
        if (toUser == null || toUser.isBlank()) {
            throw new ApiFailure(ApiFailure.INVALID_OPENID, "invalid openid hint: touser is required");
        }
        String type = MenuRules.string(body, "msgtype");
        if (type == null || !KF_TYPES.contains(type)) {
            throw new ApiFailure(
                    ApiFailure.INVALID_MESSAGE_TYPE, "invalid message type hint: '" + (type == null ? "" : type) + "'");
        }
        if (!(body.get(type) instanceof JsonObject payload)) {
            throw new ApiFailure(
                    type.equals("news") ? ApiFailure.EMPTY_NEWS_DATA : ApiFailure.DATA_FORMAT_ERROR,
                    "data format error hint: the message needs the object \"" + type + "\"");
        }
        switch (type) {
            case "text":
                if (blank(MenuRules.string(payload, "content"))) {
                    throw new ApiFailure(ApiFailure.EMPTY_CONTENT, "empty content");
                }
                if (MenuRules.string(payload, "content").length() > 2048) {
                    throw new ApiFailure(ApiFailure.DATA_FORMAT_ERROR, "data format error hint: content too long");
                }
                break;
            case "image":
            case "voice":
            case "mpnews":
                requireMedia(payload, "media_id");
                break;
            case "video":
                requireMedia(payload, "media_id");
                break;
            case "music":
                requireMedia(payload, "thumb_media_id");
                if (blank(MenuRules.string(payload, "musicurl"))) {
                    throw new ApiFailure(ApiFailure.DATA_FORMAT_ERROR, "data format error hint: music needs musicurl");
                }
                break;
            case "news":
                if (!(payload.get("articles") instanceof JsonArray articles) || articles.isEmpty()) {
                    throw new ApiFailure(ApiFailure.EMPTY_NEWS_DATA, "empty news data");
                }
                if (articles.size() > 1) {
                    throw new ApiFailure(
                            ApiFailure.ARTICLE_SIZE_OUT_OF_LIMIT,
                            "article size out of limit hint: one article per news message");
                }
                if (!(articles.get(0) instanceof JsonObject article)
                        || blank(MenuRules.string(article, "title"))
                        || blank(MenuRules.string(article, "url"))) {
                    throw new ApiFailure(
                            ApiFailure.DATA_FORMAT_ERROR, "data format error hint: an article needs title and url");
                }
                break;
            case "mpnewsarticle":
                if (blank(MenuRules.string(payload, "article_id"))) {
                    throw new ApiFailure(ApiFailure.DATA_FORMAT_ERROR, "data format error hint: article_id missing");
                }
                break;
            case "msgmenu":
                if (!(payload.get("list") instanceof JsonArray list) || list.isEmpty()) {
                    throw new ApiFailure(ApiFailure.DATA_FORMAT_ERROR, "data format error hint: msgmenu needs a list");
                }
                for (JsonValue item : list) {
                    if (!(item instanceof JsonObject entry)
                            || blank(MenuRules.string(entry, "id"))
                            || blank(MenuRules.string(entry, "content"))) {
                        throw new ApiFailure(
                                ApiFailure.DATA_FORMAT_ERROR,
                                "data format error hint: every msgmenu item needs id and content");
                    }
                }
                break;
            case "wxcard":
                if (blank(MenuRules.string(payload, "card_id"))) {
                    throw new ApiFailure(ApiFailure.DATA_FORMAT_ERROR, "data format error hint: card_id missing");
                }
                break;
            default: // miniprogrampage
                if (blank(MenuRules.string(payload, "appid")) || blank(MenuRules.string(payload, "pagepath"))) {
                    throw new ApiFailure(
                            ApiFailure.DATA_FORMAT_ERROR, "data format error hint: appid and pagepath required");
                }
        }
        String kfAccount = null;
        if (body.get("customservice") instanceof JsonObject cs) {
            kfAccount = MenuRules.string(cs, "kf_account");
        }
        return new Kf(toUser, type, payload, kfAccount);
    }

    public static Template template(JsonObject body) {
        String toUser = MenuRules.string(body, "touser");
        if (toUser == null || toUser.isBlank()) {
            throw new ApiFailure(ApiFailure.INVALID_OPENID, "invalid openid hint: touser is required");
        }
        String templateId = MenuRules.string(body, "template_id");
        if (templateId == null || !templateId.matches("[0-9A-Za-z_\\-]{1,64}")) {
            throw new ApiFailure(ApiFailure.INVALID_TEMPLATE_ID, "invalid template_id");
        }
        String url = MenuRules.string(body, "url");
        if (url != null && !url.isEmpty() && !url.startsWith("http://") && !url.startsWith("https://")) {
            throw new ApiFailure(ApiFailure.DATA_FORMAT_ERROR, "data format error hint: url must be http(s)");
        }
        JsonValue data = body.get("data");
        if (data != null && !(data instanceof JsonObject)) {
            throw new ApiFailure(ApiFailure.DATA_FORMAT_ERROR, "data format error hint: data must be an object");
        }
        if (data instanceof JsonObject fields) {
            for (var field : fields.entrySet()) {
                if (!(field.getValue() instanceof JsonObject f) || MenuRules.string(f, "value") == null) {
                    throw new ApiFailure(
                            ApiFailure.DATA_FORMAT_ERROR,
                            "data format error hint: data." + field.getKey() + " needs {\"value\": ...}");
                }
            }
        }
        return new Template(toUser, templateId, url, body);
    }

    private static void requireMedia(JsonObject payload, String name) {
        if (blank(MenuRules.string(payload, name))) {
            throw new ApiFailure(ApiFailure.INVALID_MEDIA_ID, "invalid media_id hint: " + name + " is required");
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
