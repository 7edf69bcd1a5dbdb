package org.wxplatform.customerservice.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import org.wxplatform.customerservice.ReplyContent;

/**
 * A row of the reply-content table ({@code cs_reply_content}): one content of a keyword. Which columns
 * count depends on {@code content_type}: {@code text_content} for TEXT, {@code articles} (JSON) for NEWS,
 * {@code media_id} for IMAGE. Written only through {@link AutoReplyKeyword}.
 */
@Entity
@Table(name = "cs_reply_content")
public class AutoReplyContent {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "keyword_id", nullable = false)
    private AutoReplyKeyword owner;

    @Column(name = "position", nullable = false)
    private int position;

    @Column(name = "content_type", nullable = false, length = 8)
    private String type;

    @Column(name = "text_content")
    private String text;

    @Column(name = "media_id", length = 128)
    private String mediaId;

    @Column(name = "articles")
    private String articles;

    protected AutoReplyContent() {}

    AutoReplyContent(AutoReplyKeyword owner, int position, ReplyContent content) {
        this.owner = owner;
        this.position = position;
        // an if chain, not a pattern switch: the build targets Java 17
        if (content instanceof ReplyContent.Text t) {
            type = "TEXT";
            text = t.text();
        } else if (content instanceof ReplyContent.News n) {
            type = "NEWS";
            articles = ArticlesJson.write(n.articles());
        } else if (content instanceof ReplyContent.Image i) {
            type = "IMAGE";
            mediaId = i.mediaId();
        } else {
            throw new IllegalArgumentException(
                    "unknown content " + content.getClass().getName());
        }
    }

    int position() {
        return position;
    }

    ReplyContent toContent() {
        return switch (type) {
            case "TEXT" -> new ReplyContent.Text(text);
            case "NEWS" -> new ReplyContent.News(ArticlesJson.read(articles));
            case "IMAGE" -> new ReplyContent.Image(mediaId);
            default -> throw new IllegalStateException("cs_reply_content " + id + " has unknown type " + type);
        };
    }
}
