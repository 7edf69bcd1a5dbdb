package org.wxplatform.message.async;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A message pushed to a subscriber after the callback has been answered: the result of slow work, sent
 * through WeChat's customer-service message API. Stored as JSON between the work and the push, so a
 * crash between the two never runs the work again.
 */
public sealed interface Push permits Push.Text, Push.News, Push.Image {

    /** A text; WeChat's kf text limit is 2,048 bytes, longer texts are refused here. */
    record Text(String content) implements Push {
        public Text {
            Objects.requireNonNull(content, "content");
            if (content.isBlank()) {
                throw new IllegalArgumentException("a text push needs content");
            }
        }
    }

    /** One news article (kf news carries exactly one). */
    record News(String title, String description, String url, String picUrl) implements Push {
        public News {
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(url, "url");
            description = description == null ? "" : description;
            picUrl = picUrl == null ? "" : picUrl;
        }
    }

    record Image(String mediaId) implements Push {
        public Image {
            Objects.requireNonNull(mediaId, "mediaId");
        }
    }

    static String toJson(List<Push> pushes) {
        JsonArrayBuilder a = Json.createArrayBuilder();
        for (Push p : pushes) {
            if (p instanceof Text t) {
                a.add(Json.createObjectBuilder().add("type", "text").add("content", t.content()));
            } else if (p instanceof News n) {
                a.add(Json.createObjectBuilder()
                        .add("type", "news")
                        .add("title", n.title())
                        .add("description", n.description())
                        .add("url", n.url())
                        .add("picUrl", n.picUrl()));
            } else if (p instanceof Image i) {
                a.add(Json.createObjectBuilder().add("type", "image").add("mediaId", i.mediaId()));
            }
        }
        return a.build().toString();
    }

    static List<Push> fromJson(String json) {
        List<Push> out = new ArrayList<>();
        for (JsonValue v : Json.createReader(new java.io.StringReader(json)).readArray()) {
            JsonObject o = v.asJsonObject();
            switch (o.getString("type")) {
                case "text" -> out.add(new Text(o.getString("content")));
                case "news" -> out.add(new News(
                        o.getString("title"), o.getString("description"), o.getString("url"), o.getString("picUrl")));
                case "image" -> out.add(new Image(o.getString("mediaId")));
                default -> throw new IllegalArgumentException("unknown push type " + o.getString("type"));
            }
        }
        return out;
    }
}
