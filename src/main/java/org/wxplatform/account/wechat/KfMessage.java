package org.wxplatform.account.wechat;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.List;

/**
 * A customer-service message (客服消息, {@code /cgi-bin/message/custom/send}): a closed set, one record per
 * {@code msgtype}. Records check their fields on construction, so every instance can be sent; the JSON
 * is WeChat's, field for field.
 */
public sealed interface KfMessage {

    /** The subscriber's OpenID. */
    String toUser();

    /** WeChat's {@code msgtype}. */
    String msgType();

    /** The part of the request under its {@code msgtype} key. */
    JsonObject body();

    /** The request body WeChat expects. */
    default JsonObject toJson() {
        return JsonP.JSON
                .createObjectBuilder()
                .add("touser", toUser())
                .add("msgtype", msgType())
                .add(msgType(), body())
                .build();
    }

    record Text(String toUser, String content) implements KfMessage {
        public Text {
            Fields.openid(toUser);
            Fields.text(content, "content", 2048);
        }

        @Override
        public String msgType() {
            return "text";
        }

        @Override
        public JsonObject body() {
            return JsonP.JSON.createObjectBuilder().add("content", content).build();
        }
    }

    record Image(String toUser, String mediaId) implements KfMessage {
        public Image {
            Fields.openid(toUser);
            Fields.text(mediaId, "mediaId", 128);
        }

        @Override
        public String msgType() {
            return "image";
        }

        @Override
        public JsonObject body() {
            return JsonP.JSON.createObjectBuilder().add("media_id", mediaId).build();
        }
    }

    record Voice(String toUser, String mediaId) implements KfMessage {
        public Voice {
            Fields.openid(toUser);
            Fields.text(mediaId, "mediaId", 128);
        }

        @Override
        public String msgType() {
            return "voice";
        }

        @Override
        public JsonObject body() {
            return JsonP.JSON.createObjectBuilder().add("media_id", mediaId).build();
        }
    }

    record Video(String toUser, String mediaId, String thumbMediaId, String title, String description)
            implements KfMessage {
        public Video {
            Fields.openid(toUser);
            Fields.text(mediaId, "mediaId", 128);
        }

        @Override
        public String msgType() {
            return "video";
        }

        @Override
        public JsonObject body() {
            JsonObjectBuilder b = JsonP.JSON.createObjectBuilder().add("media_id", mediaId);
            Fields.addOptional(b, "thumb_media_id", thumbMediaId);
            Fields.addOptional(b, "title", title);
            Fields.addOptional(b, "description", description);
            return b.build();
        }
    }

    record Music(
            String toUser, String title, String description, String musicUrl, String hqMusicUrl, String thumbMediaId)
            implements KfMessage {
        public Music {
            Fields.openid(toUser);
            Fields.url(musicUrl, "musicUrl");
            Fields.text(thumbMediaId, "thumbMediaId", 128);
        }

        @Override
        public String msgType() {
            return "music";
        }

        @Override
        public JsonObject body() {
            JsonObjectBuilder b = JsonP.JSON.createObjectBuilder();
            Fields.addOptional(b, "title", title);
            Fields.addOptional(b, "description", description);
            b.add("musicurl", musicUrl);
            b.add("hqmusicurl", hqMusicUrl == null ? musicUrl : hqMusicUrl);
            b.add("thumb_media_id", thumbMediaId);
            return b.build();
        }
    }

    /** External news (图文): WeChat shows one article for customer-service messages; up to 8 are accepted. */
    record News(String toUser, List<Article> articles) implements KfMessage {
        public News {
            Fields.openid(toUser);
            if (articles == null || articles.isEmpty() || articles.size() > 8) {
                throw new IllegalArgumentException("news needs 1 to 8 articles");
            }
            articles = List.copyOf(articles);
        }

        @Override
        public String msgType() {
            return "news";
        }

        @Override
        public JsonObject body() {
            JsonArrayBuilder list = JsonP.JSON.createArrayBuilder();
            for (Article a : articles) {
                list.add(a.toJson());
            }
            return JsonP.JSON.createObjectBuilder().add("articles", list).build();
        }
    }

    /** News stored in WeChat's material library, by media id. */
    record MpNews(String toUser, String mediaId) implements KfMessage {
        public MpNews {
            Fields.openid(toUser);
            Fields.text(mediaId, "mediaId", 128);
        }

        @Override
        public String msgType() {
            return "mpnews";
        }

        @Override
        public JsonObject body() {
            return JsonP.JSON.createObjectBuilder().add("media_id", mediaId).build();
        }
    }

    /** A menu message: choices the user taps, each sending its id back as a text message. */
    record MsgMenu(String toUser, String headContent, List<Choice> choices, String tailContent) implements KfMessage {
        public record Choice(String id, String content) {
            public Choice {
                Fields.text(id, "choice id", 64);
                Fields.text(content, "choice content", 256);
            }
        }

        public MsgMenu {
            Fields.openid(toUser);
            if (choices == null || choices.isEmpty() || choices.size() > 10) {
                throw new IllegalArgumentException("a menu message needs 1 to 10 choices");
            }
            choices = List.copyOf(choices);
        }

        @Override
        public String msgType() {
            return "msgmenu";
        }

        @Override
        public JsonObject body() {
            JsonArrayBuilder list = JsonP.JSON.createArrayBuilder();
            for (Choice c : choices) {
                list.add(JsonP.JSON.createObjectBuilder().add("id", c.id()).add("content", c.content()));
            }
            JsonObjectBuilder b = JsonP.JSON.createObjectBuilder();
            Fields.addOptional(b, "head_content", headContent);
            b.add("list", list);
            Fields.addOptional(b, "tail_content", tailContent);
            return b.build();
        }
    }
}
