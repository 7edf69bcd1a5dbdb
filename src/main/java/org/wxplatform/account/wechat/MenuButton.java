package org.wxplatform.account.wechat;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One button of the custom menu: either a parent with 1-5 sub-buttons, or an action button ({@code click}
 * with a key, {@code view} with a URL, {@code miniprogram}, {@code scancode_push}, ... as WeChat names
 * them). Names are at most 16 bytes on the top level and 60 below, as WeChat counts them (UTF-8).
 */
public record MenuButton(String type, String name, String key, String url, List<MenuButton> subButtons) {

    static final Set<String> KEY_TYPES = Set.of(
            "click",
            "scancode_push",
            "scancode_waitmsg",
            "pic_sysphoto",
            "pic_photo_or_album",
            "pic_weixin",
            "location_select");

    public MenuButton {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a menu button needs a name");
        }
        subButtons = subButtons == null ? List.of() : List.copyOf(subButtons);
        if (!subButtons.isEmpty()) {
            if (subButtons.size() > 5) {
                throw new IllegalArgumentException("'" + name + "' has more than 5 sub-buttons");
            }
            for (MenuButton sub : subButtons) {
                if (!sub.subButtons().isEmpty()) {
                    throw new IllegalArgumentException("menus have two levels; '" + sub.name() + "' is too deep");
                }
                if (sub.name().getBytes(StandardCharsets.UTF_8).length > 60) {
                    throw new IllegalArgumentException("sub-button name '" + sub.name() + "' is over 60 bytes");
                }
            }
        } else if (type == null) {
            throw new IllegalArgumentException("'" + name + "' needs a type or sub-buttons");
        } else if (KEY_TYPES.contains(type)) {
            if (key == null || key.isEmpty() || key.getBytes(StandardCharsets.UTF_8).length > 128) {
                throw new IllegalArgumentException("'" + name + "' (" + type + ") needs a key of 1-128 bytes");
            }
        } else if (type.equals("view")) {
            Fields.url(url, "url of '" + name + "'");
        } else if (!type.matches("[a-z_]{1,32}")) {
            throw new IllegalArgumentException("unknown menu button type: " + type);
        }
    }

    public static MenuButton click(String name, String key) {
        return new MenuButton("click", name, key, null, List.of());
    }

    public static MenuButton view(String name, String url) {
        return new MenuButton("view", name, null, url, List.of());
    }

    public static MenuButton parent(String name, List<MenuButton> subButtons) {
        if (subButtons == null || subButtons.isEmpty()) {
            throw new IllegalArgumentException("'" + name + "' needs 1-5 sub-buttons");
        }
        return new MenuButton(null, name, null, null, subButtons);
    }

    /** The menu body of {@code /cgi-bin/menu/create}: 1-3 top-level buttons. */
    public static JsonObject menuJson(List<MenuButton> buttons) {
        if (buttons == null || buttons.isEmpty() || buttons.size() > 3) {
            throw new IllegalArgumentException("a menu has 1 to 3 top-level buttons");
        }
        JsonArrayBuilder list = JsonP.JSON.createArrayBuilder();
        for (MenuButton b : buttons) {
            if (b.name().getBytes(StandardCharsets.UTF_8).length > 16) {
                throw new IllegalArgumentException("top-level name '" + b.name() + "' is over 16 bytes");
            }
            list.add(b.toJson());
        }
        return JsonP.JSON.createObjectBuilder().add("button", list).build();
    }

    JsonObject toJson() {
        JsonObjectBuilder o = JsonP.JSON.createObjectBuilder();
        if (!subButtons.isEmpty()) {
            JsonArrayBuilder subs = JsonP.JSON.createArrayBuilder();
            subButtons.forEach(s -> subs.add(s.toJson()));
            return o.add("name", name).add("sub_button", subs).build();
        }
        o.add("type", type).add("name", name);
        Fields.addOptional(o, "key", key);
        Fields.addOptional(o, "url", url);
        return o.build();
    }

    /** The buttons of a {@code /cgi-bin/menu/get} answer ({@code {"menu":{"button":[...]}}}); empty if none. */
    static List<MenuButton> fromMenuGet(JsonObject answer) {
        JsonValue menu = answer.get("menu");
        if (!(menu instanceof JsonObject m) || !(m.get("button") instanceof jakarta.json.JsonArray buttons)) {
            return List.of();
        }
        List<MenuButton> out = new ArrayList<>();
        for (JsonValue v : buttons) {
            out.add(fromJson(v.asJsonObject()));
        }
        return out;
    }

    private static MenuButton fromJson(JsonObject o) {
        List<MenuButton> subs = new ArrayList<>();
        if (o.get("sub_button") instanceof jakarta.json.JsonArray arr) {
            for (JsonValue v : arr) {
                subs.add(fromJson(v.asJsonObject()));
            }
        }
        if (!subs.isEmpty()) {
            return new MenuButton(null, Fields.string(o, "name"), null, null, subs);
        }
        return new MenuButton(
                Fields.string(o, "type"),
                Fields.string(o, "name"),
                Fields.string(o, "key"),
                Fields.string(o, "url"),
                List.of());
    }
}
