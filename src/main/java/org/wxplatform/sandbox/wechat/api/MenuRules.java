package org.wxplatform.sandbox.wechat.api;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * WeChat's rules for {@code /cgi-bin/menu/create} ("自定义菜单创建接口"): one to three buttons; a button
 * either has {@code sub_button} (one to five entries, which cannot nest) or a {@code type}; names at most
 * 16 bytes for a top button and 60 for a sub button (UTF-8 bytes); {@code key} at most 128 bytes,
 * {@code url} at most 1024 bytes and http(s); each type with the fields it needs. Each rule answers
 * WeChat's own errcode (40016 ... 40027, 40054, 40055, 40007, 47001).
 */
public final class MenuRules {

    public static final Set<String> TYPES = Set.of(
            "click",
            "view",
            "scancode_push",
            "scancode_waitmsg",
            "pic_sysphoto",
            "pic_photo_or_album",
            "pic_weixin",
            "location_select",
            "media_id",
            "view_limited",
            "article_id",
            "article_view_limited",
            "miniprogram");
    /** Types that carry a {@code key} sent back in the click event. */
    private static final Set<String> KEYED = Set.of(
            "click",
            "scancode_push",
            "scancode_waitmsg",
            "pic_sysphoto",
            "pic_photo_or_album",
            "pic_weixin",
            "location_select");

    private MenuRules() {}

    /** Checks a menu; throws the errcode of the first broken rule. */
    public static void validate(JsonObject menu) {
        if (!(menu.get("button") instanceof JsonArray buttons)) {
            throw new ApiFailure(ApiFailure.DATA_FORMAT_ERROR, "data format error hint: button must be an array");
        }
        if (buttons.isEmpty() || buttons.size() > 3) {
            throw new ApiFailure(
                    ApiFailure.INVALID_BUTTON_SIZE, "invalid button size hint: 1 to 3 buttons, got " + buttons.size());
        }
        for (JsonValue value : buttons) {
            if (!(value instanceof JsonObject button)) {
                throw new ApiFailure(ApiFailure.DATA_FORMAT_ERROR, "data format error hint: a button is an object");
            }
            String name = string(button, "name");
            if (name == null || name.isEmpty() || bytes(name) > 16) {
                throw new ApiFailure(
                        ApiFailure.INVALID_BUTTON_NAME_SIZE,
                        "invalid button name size hint: 1 to 16 bytes (4 Chinese characters)");
            }
            if (button.containsKey("sub_button")
                    && !(button.containsKey("type") && subs(button).isEmpty())) {
                JsonArray subs = subs(button);
                if (subs.isEmpty() || subs.size() > 5) {
                    throw new ApiFailure(
                            ApiFailure.INVALID_SUB_BUTTON_SIZE,
                            "invalid sub button size hint: 1 to 5 sub buttons, got " + subs.size());
                }
                for (JsonValue subValue : subs) {
                    if (!(subValue instanceof JsonObject sub)) {
                        throw new ApiFailure(
                                ApiFailure.DATA_FORMAT_ERROR, "data format error hint: a sub button is an object");
                    }
                    String subName = string(sub, "name");
                    if (subName == null || subName.isEmpty() || bytes(subName) > 60) {
                        throw new ApiFailure(
                                ApiFailure.INVALID_SUB_BUTTON_NAME_SIZE,
                                "invalid sub button name size hint: 1 to 60 bytes");
                    }
                    if (sub.containsKey("sub_button") && !subs(sub).isEmpty()) {
                        throw new ApiFailure(
                                ApiFailure.INVALID_SUB_BUTTON_TYPE, "invalid sub button type hint: menus nest once");
                    }
                    leaf(sub, true);
                }
            } else {
                leaf(button, false);
            }
        }
    }

    private static void leaf(JsonObject b, boolean sub) {
        String type = string(b, "type");
        if (type == null || !TYPES.contains(type)) {
            throw new ApiFailure(
                    sub ? ApiFailure.INVALID_SUB_BUTTON_TYPE : ApiFailure.INVALID_BUTTON_TYPE,
                    "invalid " + (sub ? "sub " : "") + "button type hint: '" + (type == null ? "" : type) + "'");
        }
        if (KEYED.contains(type)) {
            String key = string(b, "key");
            if (key == null || key.isEmpty() || bytes(key) > 128) {
                throw new ApiFailure(
                        sub ? ApiFailure.INVALID_SUB_BUTTON_KEY_SIZE : ApiFailure.INVALID_BUTTON_KEY_SIZE,
                        "invalid " + (sub ? "sub " : "") + "button key size hint: 1 to 128 bytes");
            }
        }
        if (type.equals("view") || type.equals("miniprogram")) {
            String url = string(b, "url");
            if (url == null || url.isEmpty() || bytes(url) > 1024) {
                throw new ApiFailure(
                        sub ? ApiFailure.INVALID_SUB_BUTTON_URL_SIZE : ApiFailure.INVALID_BUTTON_URL_SIZE,
                        "invalid " + (sub ? "sub " : "") + "button url size hint: 1 to 1024 bytes");
            }
            if (!url.startsWith("http://") && !url.startsWith("https://")) {
                throw new ApiFailure(
                        sub ? ApiFailure.INVALID_SUB_BUTTON_URL_DOMAIN : ApiFailure.INVALID_BUTTON_URL_DOMAIN,
                        "invalid " + (sub ? "sub " : "") + "button url domain hint: http(s) URLs only");
            }
        }
        if (type.equals("miniprogram") && (string(b, "appid") == null || string(b, "pagepath") == null)) {
            throw new ApiFailure(
                    ApiFailure.DATA_FORMAT_ERROR, "data format error hint: miniprogram needs appid and pagepath");
        }
        if ((type.equals("media_id") || type.equals("view_limited")) && blank(string(b, "media_id"))) {
            throw new ApiFailure(ApiFailure.INVALID_MEDIA_ID, "invalid media_id hint: " + type + " needs media_id");
        }
        if (type.startsWith("article_") && blank(string(b, "article_id"))) {
            throw new ApiFailure(ApiFailure.DATA_FORMAT_ERROR, "data format error hint: " + type + " needs article_id");
        }
    }

    private static JsonArray subs(JsonObject button) {
        if (button.get("sub_button") instanceof JsonArray a) {
            return a;
        }
        throw new ApiFailure(ApiFailure.DATA_FORMAT_ERROR, "data format error hint: sub_button must be an array");
    }

    static String string(JsonObject o, String name) {
        JsonValue v = o.get(name);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (v instanceof JsonString s) {
            return s.getString();
        }
        throw new ApiFailure(ApiFailure.DATA_FORMAT_ERROR, "data format error hint: " + name + " must be a string");
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
