package org.wxplatform.account.menu;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.wxplatform.account.wechat.MenuButton;

/**
 * WeChat's rules for a custom menu ({@code /cgi-bin/menu/create}), checked before anything is stored or
 * sent, each failure naming its field the way the JSON spells it ({@code button[1].sub_button[2].name}):
 *
 * <ul>
 *   <li>{@code button}: 1 to 3 top buttons; a top button has 0 to 5 {@code sub_button}s, which do not nest;
 *   <li>{@code name}: required, at most 16 bytes on the top level and 60 below, counted in UTF-8 as
 *       WeChat counts them (a Chinese character is 3 bytes: 5 of them fit on top, 6 do not);
 *   <li>a button with sub-buttons has no {@code type}; every other button has one of {@link #TYPES};
 *   <li>{@code click}, {@code scancode_*}, {@code pic_*} and {@code location_select} need a {@code key} of
 *       1 to 128 bytes, unique within the menu (the click statistics tell buttons apart by it);
 *   <li>{@code view} needs an http(s) {@code url} of at most 1,024 bytes.
 * </ul>
 *
 * Fields a type does not use are dropped, so the stored draft is exactly what WeChat will hold.
 */
public final class MenuDraft {

    public static final int TOP_NAME_BYTES = 16;
    public static final int SUB_NAME_BYTES = 60;
    public static final int KEY_BYTES = 128;
    public static final int URL_BYTES = 1024;
    public static final int MAX_TOP = 3;
    public static final int MAX_SUB = 5;

    /** The button types an operator may use, in the editor's order. */
    public static final List<String> TYPES = List.of(
            "click",
            "view",
            "scancode_push",
            "scancode_waitmsg",
            "pic_sysphoto",
            "pic_photo_or_album",
            "pic_weixin",
            "location_select");

    /** Types whose button carries a key (sent back as the event's EventKey). */
    public static final Set<String> KEYED = Set.of(
            "click",
            "scancode_push",
            "scancode_waitmsg",
            "pic_sysphoto",
            "pic_photo_or_album",
            "pic_weixin",
            "location_select");

    private MenuDraft() {}

    /** Checks a menu in WeChat's JSON ({@code {"button": [...]}}); throws naming the first broken field. */
    public static List<MenuButton> parse(JsonValue body) {
        if (!(body instanceof JsonObject menu)) {
            throw new IllegalArgumentException("button: a JSON object {\"button\": [...]} is required");
        }
        if (!(menu.get("button") instanceof JsonArray buttons)) {
            throw new IllegalArgumentException("button: an array of 1 to 3 buttons is required");
        }
        if (buttons.isEmpty() || buttons.size() > MAX_TOP) {
            throw new IllegalArgumentException("button: 1 to 3 buttons, got " + buttons.size());
        }
        Map<String, String> keys = new HashMap<>();
        List<MenuButton> out = new ArrayList<>();
        for (int i = 0; i < buttons.size(); i++) {
            String path = "button[" + i + "]";
            JsonObject b = object(buttons.get(i), path);
            String name = name(b, path, TOP_NAME_BYTES);
            JsonArray subs = subs(b, path);
            if (subs.isEmpty()) {
                out.add(leaf(b, path, name, keys));
                continue;
            }
            if (string(b, "type", path) != null) {
                throw new IllegalArgumentException(path + ".type: a button with sub-buttons has no type");
            }
            if (subs.size() > MAX_SUB) {
                throw new IllegalArgumentException(path + ".sub_button: at most 5 sub-buttons, got " + subs.size());
            }
            List<MenuButton> children = new ArrayList<>();
            for (int j = 0; j < subs.size(); j++) {
                String subPath = path + ".sub_button[" + j + "]";
                JsonObject s = object(subs.get(j), subPath);
                String subName = name(s, subPath, SUB_NAME_BYTES);
                if (!subs(s, subPath).isEmpty()) {
                    throw new IllegalArgumentException(subPath + ".sub_button: menus have two levels only");
                }
                children.add(leaf(s, subPath, subName, keys));
            }
            out.add(MenuButton.parent(name, children));
        }
        return List.copyOf(out);
    }

    /** The menu as WeChat's JSON. */
    public static JsonObject json(List<MenuButton> buttons) {
        return MenuButton.menuJson(buttons);
    }

    /** UTF-8 bytes of a text, as WeChat counts name, key and url lengths. */
    public static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static MenuButton leaf(JsonObject b, String path, String name, Map<String, String> keys) {
        String type = string(b, "type", path);
        if (type == null || type.isEmpty()) {
            throw new IllegalArgumentException(
                    path + ".type: required (or sub_button), one of " + String.join(", ", TYPES));
        }
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException(path + ".type: one of " + String.join(", ", TYPES));
        }
        if (KEYED.contains(type)) {
            String key = string(b, "key", path);
            if (key == null || key.isEmpty()) {
                throw new IllegalArgumentException(path + ".key: required for " + type + " (1 to 128 bytes)");
            }
            if (bytes(key) > KEY_BYTES) {
                throw new IllegalArgumentException(path + ".key: at most 128 bytes, got " + bytes(key));
            }
            if (!key.strip().equals(key) || key.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException(path + ".key: no spaces at the ends and no control characters");
            }
            String first = keys.putIfAbsent(key, path);
            if (first != null) {
                throw new IllegalArgumentException(path + ".key: '" + key + "' is already the key of " + first);
            }
            return new MenuButton(type, name, key, null, List.of());
        }
        String url = string(b, "url", path);
        if (url == null || url.isEmpty()) {
            throw new IllegalArgumentException(path + ".url: required for view (an http(s) URL)");
        }
        if (bytes(url) > URL_BYTES) {
            throw new IllegalArgumentException(path + ".url: at most 1024 bytes, got " + bytes(url));
        }
        if (!(url.startsWith("http://") || url.startsWith("https://"))
                || url.chars().anyMatch(c -> c <= ' ')) {
            throw new IllegalArgumentException(path + ".url: an http:// or https:// URL without spaces");
        }
        return new MenuButton(type, name, null, url, List.of());
    }

    private static String name(JsonObject b, String path, int maxBytes) {
        String name = string(b, "name", path);
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(path + ".name: required");
        }
        if (bytes(name) > maxBytes) {
            throw new IllegalArgumentException(
                    path + ".name: at most " + maxBytes + " bytes, got " + bytes(name) + " (a Chinese character is 3)");
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(path + ".name: no control characters");
        }
        return name;
    }

    private static JsonObject object(JsonValue v, String path) {
        if (v instanceof JsonObject o) {
            return o;
        }
        throw new IllegalArgumentException(path + ": must be an object");
    }

    private static JsonArray subs(JsonObject b, String path) {
        JsonValue v = b.get("sub_button");
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return JsonValue.EMPTY_JSON_ARRAY;
        }
        if (v instanceof JsonArray a) {
            return a;
        }
        throw new IllegalArgumentException(path + ".sub_button: must be an array");
    }

    private static String string(JsonObject o, String field, String path) {
        JsonValue v = o.get(field);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (v instanceof JsonString s) {
            return s.getString();
        }
        throw new IllegalArgumentException(path + "." + field + ": must be a string");
    }
}
