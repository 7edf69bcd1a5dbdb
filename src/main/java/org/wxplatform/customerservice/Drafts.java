package org.wxplatform.customerservice;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks operator input and turns it into stored contents. Every message starts with the path of the
 * offending field as the admin API spells it, so an operator (or a script) knows what to fix. Values are
 * not echoed back: they may be long, and they are the operator's own anyway.
 */
final class Drafts {

    /** A checked entry. */
    record Checked(String keyword, MatchType match, List<ReplyContent> contents) {}

    static final int TITLE_MAX = 64;
    static final int DESCRIPTION_MAX = 512;
    static final int URL_MAX = 1024;
    static final int MEDIA_ID_MAX = 128;

    private Drafts() {}

    static Checked entry(AutoReplyDraft draft) {
        if (draft == null) {
            throw new IllegalArgumentException("an entry with keyword, match and contents is required");
        }
        return new Checked(keyword(draft.keyword()), MatchType.parse(draft.match()), contents(draft.contents(), 1));
    }

    /** Trimmed; lengths count characters as MySQL's utf8mb4 does (an emoji is one). */
    static String keyword(String raw) {
        if (raw == null) {
            throw new IllegalArgumentException("keyword is required");
        }
        String keyword = raw.strip();
        if (keyword.isEmpty()) {
            throw new IllegalArgumentException("keyword must not be empty");
        }
        int length = keyword.codePointCount(0, keyword.length());
        if (length > AutoReplyService.KEYWORD_MAX) {
            throw new IllegalArgumentException(
                    "keyword must be at most " + AutoReplyService.KEYWORD_MAX + " characters, not " + length);
        }
        if (keyword.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("keyword must be a single line without control characters");
        }
        return keyword;
    }

    /** Contents of an entry ({@code min} 1) or of the welcome message ({@code min} 0: none removes it). */
    static List<ReplyContent> contents(List<AutoReplyDraft.Content> drafts, int min) {
        if (drafts == null) {
            throw new IllegalArgumentException("contents is required");
        }
        if (drafts.size() < min || drafts.size() > AutoReplyService.CONTENTS_MAX) {
            throw new IllegalArgumentException("contents must have " + min + " to " + AutoReplyService.CONTENTS_MAX
                    + " items, not " + drafts.size());
        }
        List<ReplyContent> contents = new ArrayList<>(drafts.size());
        for (int i = 0; i < drafts.size(); i++) {
            contents.add(content("contents[" + i + "]", drafts.get(i)));
        }
        return List.copyOf(contents);
    }

    static ReplyContent content(String at, AutoReplyDraft.Content draft) {
        if (draft == null) {
            throw new IllegalArgumentException(at + " must not be null");
        }
        if (draft.type() == null || draft.type().isBlank()) {
            throw new IllegalArgumentException(at + ".type is required (text, news or image)");
        }
        return switch (draft.type().strip().toLowerCase(Locale.ROOT)) {
            case "text" -> new ReplyContent.Text(text(at + ".text", draft.text()));
            case "news" -> new ReplyContent.News(articles(at + ".articles", draft.articles()));
            case "image" -> new ReplyContent.Image(mediaId(at + ".mediaId", draft.mediaId()));
            default -> throw new IllegalArgumentException(at + ".type must be text, news or image");
        };
    }

    /** A text reply or the miss hint: kept as typed (line breaks matter), not blank, bounded. */
    static String text(String at, String raw) {
        if (raw == null) {
            throw new IllegalArgumentException(at + " is required");
        }
        if (raw.isBlank()) {
            throw new IllegalArgumentException(at + " must not be empty");
        }
        int length = raw.codePointCount(0, raw.length());
        if (length > AutoReplyService.TEXT_MAX) {
            throw new IllegalArgumentException(
                    at + " must be at most " + AutoReplyService.TEXT_MAX + " characters, not " + length);
        }
        return raw;
    }

    static List<ReplyContent.Article> articles(String at, List<AutoReplyDraft.Article> drafts) {
        if (drafts == null) {
            throw new IllegalArgumentException(at + " is required for a news content");
        }
        if (drafts.isEmpty() || drafts.size() > AutoReplyService.ARTICLES_MAX) {
            throw new IllegalArgumentException(
                    at + " must have 1 to " + AutoReplyService.ARTICLES_MAX + " articles, not " + drafts.size());
        }
        List<ReplyContent.Article> articles = new ArrayList<>(drafts.size());
        for (int i = 0; i < drafts.size(); i++) {
            String here = at + "[" + i + "]";
            AutoReplyDraft.Article a = drafts.get(i);
            if (a == null) {
                throw new IllegalArgumentException(here + " must not be null");
            }
            String title = a.title() == null ? null : a.title().strip();
            if (title == null || title.isEmpty()) {
                throw new IllegalArgumentException(here + ".title is required");
            }
            articles.add(new ReplyContent.Article(
                    bounded(here + ".title", title, TITLE_MAX),
                    optional(here + ".description", a.description(), DESCRIPTION_MAX),
                    url(here + ".picUrl", a.picUrl()),
                    url(here + ".url", a.url())));
        }
        return articles;
    }

    static String mediaId(String at, String raw) {
        String mediaId = raw == null ? "" : raw.strip();
        if (mediaId.isEmpty()) {
            throw new IllegalArgumentException(at + " is required for an image content");
        }
        if (mediaId.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new IllegalArgumentException(at + " must not contain spaces");
        }
        return bounded(at, mediaId, MEDIA_ID_MAX);
    }

    /** Optional http(s) URL: blank means none; anything else must be absolute http or https with a host. */
    static String url(String at, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String url = bounded(at, raw.strip(), URL_MAX);
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme();
            if (scheme != null
                    && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    && uri.getHost() != null) {
                return url;
            }
        } catch (URISyntaxException e) {
            // answered below with the same message as a wrong scheme: the operator's fix is the same
        }
        throw new IllegalArgumentException(at + " must be an http:// or https:// URL");
    }

    private static String optional(String at, String raw, int max) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        return bounded(at, raw.strip(), max);
    }

    private static String bounded(String at, String value, int max) {
        int length = value.codePointCount(0, value.length());
        if (length > max) {
            throw new IllegalArgumentException(at + " must be at most " + max + " characters, not " + length);
        }
        return value;
    }
}
