package org.wxplatform.customerservice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wxplatform.message.xml.ImageReply;
import org.wxplatform.message.xml.NewsReply;
import org.wxplatform.message.xml.TextReply;

/** Operator input: what is accepted, and that every refusal names the field to fix. */
class DraftsTest {

    private static AutoReplyDraft.Article article(String title) {
        return new AutoReplyDraft.Article(title, "描述", "https://example.com/p.jpg", "http://example.com/a?b=1");
    }

    private static AutoReplyDraft draft(String keyword, String match, AutoReplyDraft.Content... contents) {
        return new AutoReplyDraft(keyword, match, List.of(contents));
    }

    private static String refusal(AutoReplyDraft draft) {
        return assertThrows(IllegalArgumentException.class, () -> Drafts.entry(draft))
                .getMessage();
    }

    @Test
    void aCompleteEntryIsCheckedAndTrimmed() {
        Drafts.Checked checked = Drafts.entry(draft(
                "  营业厅 ",
                " Contains",
                AutoReplyDraft.Content.text("地址:\n人民路1号"),
                AutoReplyDraft.Content.news(article(" 新品 ")),
                AutoReplyDraft.Content.image(" MEDIA_id-1 ")));
        assertEquals("营业厅", checked.keyword());
        assertEquals(MatchType.CONTAINS, checked.match());
        assertEquals(new ReplyContent.Text("地址:\n人民路1号"), checked.contents().get(0));
        assertEquals(
                new ReplyContent.News(List.of(
                        new ReplyContent.Article("新品", "描述", "https://example.com/p.jpg", "http://example.com/a?b=1"))),
                checked.contents().get(1));
        assertEquals(new ReplyContent.Image("MEDIA_id-1"), checked.contents().get(2));
        assertEquals(new TextReply("地址:\n人民路1号"), checked.contents().get(0).toReply());
        assertTrue(checked.contents().get(1).toReply() instanceof NewsReply);
        assertEquals(new ImageReply("MEDIA_id-1"), checked.contents().get(2).toReply());
    }

    @Test
    void optionalArticleFieldsMayBeLeftOut() {
        Drafts.Checked checked = Drafts.entry(
                draft("a", "equals", AutoReplyDraft.Content.news(new AutoReplyDraft.Article("标题", " ", null, ""))));
        ReplyContent.Article a =
                ((ReplyContent.News) checked.contents().get(0)).articles().get(0);
        assertNull(a.description());
        assertNull(a.picUrl());
        assertNull(a.url());
    }

    @Test
    void keywordRefusalsNameTheKeyword() {
        AutoReplyDraft.Content ok = AutoReplyDraft.Content.text("ok");
        assertEquals("keyword is required", refusal(draft(null, "contains", ok)));
        assertEquals("keyword must not be empty", refusal(draft(" \u3000 ", "contains", ok)));
        assertEquals("keyword must be at most 60 characters, not 61", refusal(draft("营".repeat(61), "contains", ok)));
        assertTrue(refusal(draft("a\nb", "contains", ok)).startsWith("keyword must be a single line"));
        // an emoji is one character, as in the database
        assertEquals(
                "😀".repeat(60),
                Drafts.entry(draft("😀".repeat(60), "equals", ok)).keyword());
    }

    @Test
    void matchRefusalsNameTheMatch() {
        AutoReplyDraft.Content ok = AutoReplyDraft.Content.text("ok");
        assertEquals("match is required (contains or equals)", refusal(draft("a", null, ok)));
        assertEquals("match must be contains or equals", refusal(draft("a", "regex", ok)));
    }

    @Test
    void contentRefusalsNameTheContentAndItsField() {
        assertEquals("contents is required", refusal(new AutoReplyDraft("a", "contains", null)));
        assertEquals(
                "contents must have 1 to 10 items, not 0", refusal(new AutoReplyDraft("a", "contains", List.of())));
        assertEquals(
                "contents must have 1 to 10 items, not 11",
                refusal(new AutoReplyDraft(
                        "a", "contains", Collections.nCopies(11, AutoReplyDraft.Content.text("x")))));
        List<AutoReplyDraft.Content> withNull = new ArrayList<>();
        withNull.add(AutoReplyDraft.Content.text("x"));
        withNull.add(null);
        assertEquals("contents[1] must not be null", refusal(new AutoReplyDraft("a", "contains", withNull)));
        assertEquals(
                "contents[0].type is required (text, news or image)",
                refusal(draft("a", "contains", new AutoReplyDraft.Content(null, "x", null, null))));
        assertEquals(
                "contents[0].type must be text, news or image",
                refusal(draft("a", "contains", new AutoReplyDraft.Content("voice", "x", null, null))));
        assertEquals(
                "contents[0].text is required",
                refusal(draft("a", "contains", new AutoReplyDraft.Content("text", null, null, null))));
        assertEquals(
                "contents[0].text must not be empty",
                refusal(draft("a", "contains", AutoReplyDraft.Content.text(" "))));
        assertEquals(
                "contents[1].text must be at most 2048 characters, not 2049",
                refusal(draft(
                        "a",
                        "contains",
                        AutoReplyDraft.Content.text("x"),
                        AutoReplyDraft.Content.text("话".repeat(2049)))));
        assertEquals(
                "话".repeat(2048),
                ((ReplyContent.Text) Drafts.entry(draft("a", "contains", AutoReplyDraft.Content.text("话".repeat(2048))))
                                .contents()
                                .get(0))
                        .text());
        assertEquals(
                "contents[0].mediaId is required for an image content",
                refusal(draft("a", "contains", AutoReplyDraft.Content.image(null))));
        assertEquals(
                "contents[0].mediaId must not contain spaces",
                refusal(draft("a", "contains", AutoReplyDraft.Content.image("a b"))));
    }

    @Test
    void newsRefusalsNameTheArticle() {
        assertEquals(
                "contents[0].articles is required for a news content",
                refusal(draft("a", "contains", new AutoReplyDraft.Content("news", null, null, null))));
        assertEquals(
                "contents[0].articles must have 1 to 10 articles, not 0",
                refusal(draft("a", "contains", AutoReplyDraft.Content.news())));
        AutoReplyDraft.Article[] eleven = new AutoReplyDraft.Article[11];
        java.util.Arrays.fill(eleven, article("t"));
        assertEquals(
                "contents[0].articles must have 1 to 10 articles, not 11",
                refusal(draft("a", "contains", AutoReplyDraft.Content.news(eleven))));
        AutoReplyDraft.Article[] ten = new AutoReplyDraft.Article[10];
        java.util.Arrays.fill(ten, article("t"));
        assertEquals(
                10,
                ((ReplyContent.News) Drafts.entry(draft("a", "contains", AutoReplyDraft.Content.news(ten)))
                                .contents()
                                .get(0))
                        .articles()
                        .size());
        assertEquals(
                "contents[0].articles[1].title is required",
                refusal(draft("a", "contains", AutoReplyDraft.Content.news(article("t"), article(" ")))));
        assertEquals(
                "contents[0].articles[0].title must be at most 64 characters, not 65",
                refusal(draft("a", "contains", AutoReplyDraft.Content.news(article("标".repeat(65))))));
    }

    @Test
    void urlsMustBeHttpOrHttps() {
        for (String bad : List.of(
                "javascript:alert(1)",
                "ftp://example.com/x",
                "//example.com/x",
                "example.com",
                "http://",
                "https://exa mple.com/",
                "file:///etc/passwd")) {
            assertEquals(
                    "contents[0].articles[0].url must be an http:// or https:// URL",
                    refusal(draft(
                            "a",
                            "contains",
                            AutoReplyDraft.Content.news(new AutoReplyDraft.Article("t", null, null, bad)))),
                    bad);
            assertEquals(
                    "contents[0].articles[0].picUrl must be an http:// or https:// URL",
                    refusal(draft(
                            "a",
                            "contains",
                            AutoReplyDraft.Content.news(new AutoReplyDraft.Article("t", null, bad, null)))),
                    bad);
        }
        assertEquals(
                "HTTPS://Example.com/活动?id=1",
                ((ReplyContent.News) Drafts.entry(draft(
                                        "a",
                                        "contains",
                                        AutoReplyDraft.Content.news(new AutoReplyDraft.Article(
                                                "t", null, null, "HTTPS://Example.com/活动?id=1"))))
                                .contents()
                                .get(0))
                        .articles()
                        .get(0)
                        .url());
    }

    @Test
    void theWelcomeMayHaveNoContentAndTheMissHintIsBounded() {
        assertEquals(List.of(), Drafts.contents(List.of(), 0));
        assertEquals(
                "text must be at most 2048 characters, not 2049",
                assertThrows(IllegalArgumentException.class, () -> Drafts.text("text", "x".repeat(2049)))
                        .getMessage());
        assertEquals(
                "null entry",
                assertThrows(IllegalArgumentException.class, () -> Drafts.entry(null))
                        .getMessage()
                        .replace("an entry with keyword, match and contents is required", "null entry"));
    }
}
