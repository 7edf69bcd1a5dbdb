package org.wxplatform.customerservice;

import java.util.List;
import java.util.Objects;
import org.wxplatform.message.xml.ImageReply;
import org.wxplatform.message.xml.NewsReply;
import org.wxplatform.message.xml.Reply;
import org.wxplatform.message.xml.TextReply;

/**
 * One stored reply content of an auto-reply entry or of the welcome message: text, news or image. Instances
 * come out of {@link AutoReplyService} already checked (operator input enters as {@link AutoReplyDraft}), so
 * {@link #toReply()} always gives a reply that WeChat accepts.
 */
public sealed interface ReplyContent permits ReplyContent.Text, ReplyContent.News, ReplyContent.Image {

    /** {@code text}, {@code news} or {@code image}: the spelling of the admin API. */
    String type();

    /** The passive reply this content is sent as. */
    Reply toReply();

    /** A text; line breaks are kept. */
    record Text(String text) implements ReplyContent {
        public Text {
            Objects.requireNonNull(text, "text");
        }

        @Override
        public String type() {
            return "text";
        }

        @Override
        public Reply toReply() {
            return new TextReply(text);
        }
    }

    /** News: 1 to {@value NewsReply#MAX_ARTICLES} articles in display order. */
    record News(List<Article> articles) implements ReplyContent {
        public News {
            articles = List.copyOf(articles);
        }

        @Override
        public String type() {
            return "news";
        }

        @Override
        public Reply toReply() {
            return new NewsReply(articles.stream()
                    .map(a -> new NewsReply.Article(a.title(), a.description(), a.picUrl(), a.url()))
                    .toList());
        }
    }

    /** An image uploaded to WeChat beforehand (its media id). */
    record Image(String mediaId) implements ReplyContent {
        public Image {
            Objects.requireNonNull(mediaId, "mediaId");
        }

        @Override
        public String type() {
            return "image";
        }

        @Override
        public Reply toReply() {
            return new ImageReply(mediaId);
        }
    }

    /**
     * One article of a news content.
     *
     * @param title not blank
     * @param description optional (null when absent)
     * @param picUrl optional http(s) URL of the cover picture
     * @param url optional http(s) URL opened on tap
     */
    record Article(String title, String description, String picUrl, String url) {
        public Article {
            Objects.requireNonNull(title, "title");
        }
    }
}
