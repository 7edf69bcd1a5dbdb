package org.wxplatform.message.xml;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads a passive reply back: what a WeChat simulator or a test does with the callback's answer.
 *
 * <p>The bodies {@code success} and empty mean {@link NoReply}. Anything else must be a reply document of a
 * known {@code MsgType} with the fields that type requires; a news reply's {@code ArticleCount} must equal
 * its number of items. Parsing goes through {@link SafeXml}.
 */
public final class ReplyParser {

    private final SafeXml safeXml;

    public ReplyParser() {
        this(new SafeXml());
    }

    public ReplyParser(SafeXml safeXml) {
        this.safeXml = Objects.requireNonNull(safeXml, "safeXml");
    }

    /** Parses a plaintext reply body. */
    public AddressedReply parse(String body) throws MalformedMessageException {
        if (body == null || body.isBlank() || body.strip().equals(NoReply.BODY)) {
            return new AddressedReply(null, null, 0, Reply.none());
        }
        XmlElement root = safeXml.parse(body);
        String to = required(root, "ToUserName");
        String from = required(root, "FromUserName");
        String createTime = required(root, "CreateTime").strip();
        if (!createTime.matches("[0-9]{1,18}")) {
            throw new MalformedMessageException(MalformedMessageException.Reason.BAD_FIELD, "CreateTime");
        }
        try {
            return new AddressedReply(to, from, Long.parseLong(createTime), reply(root));
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException(MalformedMessageException.Reason.BAD_FIELD, null, e);
        }
    }

    private static Reply reply(XmlElement root) throws MalformedMessageException {
        String msgType = required(root, "MsgType").strip();
        switch (msgType) {
            case "text":
                return new TextReply(required(root, "Content"));
            case "image":
                return new ImageReply(required(nested(root, "Image"), "MediaId"));
            case "voice":
                return new VoiceReply(required(nested(root, "Voice"), "MediaId"));
            case "video": {
                XmlElement video = nested(root, "Video");
                return new VideoReply(required(video, "MediaId"), video.field("Title"), video.field("Description"));
            }
            case "music": {
                XmlElement music = nested(root, "Music");
                return new MusicReply(
                        music.field("Title"),
                        music.field("Description"),
                        music.field("MusicUrl"),
                        music.field("HQMusicUrl"),
                        required(music, "ThumbMediaId"));
            }
            case "news":
                return news(root);
            case "transfer_customer_service": {
                String kfAccount = root.child("TransInfo")
                        .map(info -> info.field("KfAccount"))
                        .orElse(null);
                return new TransferCustomerService(kfAccount);
            }
            default:
                throw new MalformedMessageException(MalformedMessageException.Reason.BAD_FIELD, "MsgType");
        }
    }

    private static NewsReply news(XmlElement root) throws MalformedMessageException {
        String count = required(root, "ArticleCount").strip();
        List<NewsReply.Article> articles = new ArrayList<>();
        for (XmlElement item : nested(root, "Articles").children("item")) {
            articles.add(new NewsReply.Article(
                    required(item, "Title"), item.field("Description"), item.field("PicUrl"), item.field("Url")));
        }
        if (!count.equals(String.valueOf(articles.size()))) {
            throw new MalformedMessageException(MalformedMessageException.Reason.BAD_FIELD, "ArticleCount");
        }
        return new NewsReply(articles);
    }

    private static XmlElement nested(XmlElement parent, String name) throws MalformedMessageException {
        return parent.child(name)
                .filter(child -> !child.isLeaf())
                .orElseThrow(() -> new MalformedMessageException(MalformedMessageException.Reason.MISSING_FIELD, name));
    }

    private static String required(XmlElement parent, String name) throws MalformedMessageException {
        String value = parent.field(name);
        if (value == null) {
            throw new MalformedMessageException(MalformedMessageException.Reason.MISSING_FIELD, name);
        }
        return value;
    }
}
