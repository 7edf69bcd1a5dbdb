package org.wxplatform.account.wechat;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A template message ({@code /cgi-bin/message/template/send}): the template, the subscriber, an optional
 * page to open, and the values of the template's fields in order ({@code first}, {@code keyword1} ...,
 * {@code remark}). WeChat reports the outcome later as the TEMPLATESENDJOBFINISH event.
 */
public record TemplateMessage(
        String toUser, String templateId, String url, MiniProgram miniProgram, Map<String, Value> data) {

    /** A mini-program page the message opens instead of {@code url} (WeChat falls back to the url). */
    public record MiniProgram(String appId, String pagePath) {
        public MiniProgram {
            if (appId == null || !appId.matches("[A-Za-z0-9_-]{1,32}")) {
                throw new IllegalArgumentException("the mini-program's appid is malformed");
            }
            if (pagePath != null
                    && (pagePath.length() > 200 || pagePath.codePoints().anyMatch(Character::isISOControl))) {
                throw new IllegalArgumentException("the mini-program's pagepath is at most 200 characters, one line");
            }
        }
    }

    /** A message opening {@code url} (or nothing when null). */
    public TemplateMessage(String toUser, String templateId, String url, Map<String, Value> data) {
        this(toUser, templateId, url, null, data);
    }

    /** One field's value and, optionally, its colour ({@code #RRGGBB}). */
    public record Value(String value, String color) {
        public Value {
            if (value == null) {
                throw new IllegalArgumentException("a template value is required");
            }
            if (color != null && !color.matches("#[0-9A-Fa-f]{6}")) {
                throw new IllegalArgumentException("color must be #RRGGBB, not " + color);
            }
        }

        public static Value of(String value) {
            return new Value(value, null);
        }
    }

    public TemplateMessage {
        Fields.openid(toUser);
        if (templateId == null || !templateId.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("templateId must be WeChat's template id");
        }
        if (url != null) {
            Fields.url(url, "url");
        }
        if (data == null || data.isEmpty()) {
            throw new IllegalArgumentException("a template message needs data");
        }
        for (String key : data.keySet()) {
            if (key == null || !key.matches("[A-Za-z0-9_]{1,32}")) {
                throw new IllegalArgumentException("template field names are letters, digits and '_': " + key);
            }
        }
        data = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }

    public JsonObject toJson() {
        JsonObjectBuilder fields = JsonP.JSON.createObjectBuilder();
        data.forEach((k, v) -> {
            JsonObjectBuilder f = JsonP.JSON.createObjectBuilder().add("value", v.value());
            Fields.addOptional(f, "color", v.color());
            fields.add(k, f);
        });
        JsonObjectBuilder b =
                JsonP.JSON.createObjectBuilder().add("touser", toUser).add("template_id", templateId);
        Fields.addOptional(b, "url", url);
        if (miniProgram != null) {
            JsonObjectBuilder mp = JsonP.JSON.createObjectBuilder().add("appid", miniProgram.appId());
            Fields.addOptional(mp, "pagepath", miniProgram.pagePath());
            b.add("miniprogram", mp);
        }
        return b.add("data", fields).build();
    }
}
