package org.wxplatform.customerservice;

import java.util.List;

/**
 * An auto-reply entry as an operator typed it, not yet checked: {@link AutoReplyService} checks it and
 * answers a bad one with an {@link IllegalArgumentException} whose message names the field (for example
 * {@code contents[1].articles[0].url must be an http:// or https:// URL}).
 *
 * @param keyword 1 to {@value AutoReplyService#KEYWORD_MAX} characters after trimming
 * @param match {@code contains} or {@code equals}
 * @param contents 1 to {@value AutoReplyService#CONTENTS_MAX} contents; one is chosen at random per answer
 */
public record AutoReplyDraft(String keyword, String match, List<Content> contents) {

    /**
     * One reply content: {@code type} says which of the other fields counts.
     *
     * @param type {@code text}, {@code news} or {@code image}
     * @param text for {@code text}: up to {@value AutoReplyService#TEXT_MAX} characters
     * @param articles for {@code news}: 1 to 10 articles
     * @param mediaId for {@code image}: the media id of an uploaded image
     */
    public record Content(String type, String text, List<Article> articles, String mediaId) {

        public static Content text(String text) {
            return new Content("text", text, null, null);
        }

        public static Content news(Article... articles) {
            return new Content("news", null, List.of(articles), null);
        }

        public static Content image(String mediaId) {
            return new Content("image", null, null, mediaId);
        }
    }

    /** One article of a news content: a title, and optionally a description and http(s) URLs. */
    public record Article(String title, String description, String picUrl, String url) {}
}
