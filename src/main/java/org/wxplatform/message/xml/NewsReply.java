package org.wxplatform.message.xml;

import java.util.List;
import java.util.Objects;

/**
 * A news reply: 1 to {@value #MAX_ARTICLES} articles. WeChat shows the description of the first article
 * only (when there is one article); the others are rendered anyway so that the reply is complete.
 *
 * @param articles in display order (copied, unmodifiable)
 */
public record NewsReply(List<Article> articles) implements Reply {

    public static final int MAX_ARTICLES = 10;

    public NewsReply {
        Objects.requireNonNull(articles, "articles");
        articles = List.copyOf(articles);
        if (articles.isEmpty() || articles.size() > MAX_ARTICLES) {
            throw new IllegalArgumentException(
                    "a news reply has 1 to " + MAX_ARTICLES + " articles, not " + articles.size());
        }
    }

    /** A one-article reply. */
    public static NewsReply of(Article article) {
        return new NewsReply(List.of(article));
    }

    /**
     * One article of a news reply.
     *
     * @param title not blank
     * @param description optional
     * @param picUrl optional; the cover picture
     * @param url optional; opened on tap
     */
    public record Article(String title, String description, String picUrl, String url) {

        public Article {
            Checks.nonBlank(title, "title");
            description = Checks.optional(description);
            picUrl = Checks.optional(picUrl);
            url = Checks.optional(url);
        }
    }
}
