package org.wxplatform.sandbox.wechat.api;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The checks WeChat's user-tag API ({@code /cgi-bin/tags/*}) makes on what it is sent, each answering
 * WeChat's errcode: a tag name empty or taken 45157, over 30 UTF-8 bytes 45158; an {@code openid_list}
 * that is missing, empty or longer than 50 40032; a {@code tagid} that is not a tag id 45159; an openid
 * that is no openid at all 40003, one issued to another account 49003. Whether a tag exists, is taken or
 * a user carries too many (20, 45059) is checked against the sandbox's state by the caller.
 */
public final class TagRules {

    /** WeChat: "标签名长度超过30个字节". */
    public static final int MAX_NAME_BYTES = 30;
    /** WeChat: at most 100 tags an account creates. */
    public static final int MAX_TAGS = 100;
    /** WeChat: at most 20 tags on one user. */
    public static final int MAX_TAGS_PER_USER = 20;
    /** WeChat: "粉丝openid列表，最多50个". */
    public static final int MAX_OPENIDS = 50;
    /** The tag every account has (WeChat reserves 0, 1 and 2; tags/get lists 2). */
    public static final long STARRED_ID = 2;

    public static final String STARRED_NAME = "星标组";
    /** Where WeChat starts numbering an account's own tags. */
    public static final long FIRST_ID = 100;

    private TagRules() {}

    /** A batch (un)tagging: the tag and the distinct openids, in the order sent. */
    public record Batch(long tagId, List<String> openids) {}

    /** The name of {@code {"tag": {"name": ..}}}, stripped. */
    public static String name(JsonObject body) {
        if (!(body.get("tag") instanceof JsonObject tag)) {
            throw new ApiFailure(
                    ApiFailure.DATA_FORMAT_ERROR, "data format error hint: the body needs the object \"tag\"");
        }
        if (!(tag.get("name") instanceof JsonString s) || s.getString().isBlank()) {
            throw new ApiFailure(ApiFailure.INVALID_TAG_NAME, "invalid tag name hint: tag.name is required");
        }
        String name = s.getString().strip();
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            throw new ApiFailure(
                    ApiFailure.TAG_NAME_TOO_LONG,
                    "tag name too long hint: more than " + MAX_NAME_BYTES + " bytes in UTF-8");
        }
        return name;
    }

    /** The tag and openids of {@code {"openid_list": [..], "tagid": n}}, each openid checked for {@code appId}. */
    public static Batch batch(String appId, JsonObject body) {
        if (!(body.get("openid_list") instanceof JsonArray list) || list.isEmpty() || list.size() > MAX_OPENIDS) {
            throw new ApiFailure(
                    ApiFailure.INVALID_OPENID_LIST_SIZE,
                    "invalid openid list size hint: openid_list holds 1 to " + MAX_OPENIDS + " openids");
        }
        long tagId = tagId(body.get("tagid"));
        LinkedHashSet<String> openids = new LinkedHashSet<>();
        for (JsonValue v : list) {
            if (!(v instanceof JsonString s)) {
                throw new ApiFailure(ApiFailure.INVALID_OPENID, "invalid openid hint: openid_list holds strings");
            }
            openids.add(openid(appId, s.getString()));
        }
        return new Batch(tagId, new ArrayList<>(openids));
    }

    /** The openid of {@code {"openid": ..}} checked for {@code appId}. */
    public static String openid(String appId, JsonObject body) {
        if (!(body.get("openid") instanceof JsonString s)) {
            throw new ApiFailure(ApiFailure.INVALID_OPENID, "invalid openid hint: openid is required");
        }
        return openid(appId, s.getString());
    }

    /** 40003 for what is no openid, 49003 for one the sandbox issued to another account. */
    static String openid(String appId, String openid) {
        if (SimulatedUsers.foreign(appId, openid)) {
            throw new ApiFailure(
                    ApiFailure.OPENID_NOT_OF_APPID, "openid not match appid hint: an openid of another account");
        }
        if (!SimulatedUsers.known(appId, openid)) {
            throw new ApiFailure(ApiFailure.INVALID_OPENID, "invalid openid");
        }
        return openid;
    }

    /** A tag id as WeChat takes it: a whole number in JSON (45159 otherwise). */
    static long tagId(JsonValue v) {
        if (v instanceof JsonNumber n && n.isIntegral() && n.longValue() >= 0 && n.longValue() <= Integer.MAX_VALUE) {
            return n.longValue();
        }
        throw new ApiFailure(ApiFailure.INVALID_TAG_ID, "invalid tag id hint: tagid is a whole number");
    }
}
