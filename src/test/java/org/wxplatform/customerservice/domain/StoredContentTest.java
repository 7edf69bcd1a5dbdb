package org.wxplatform.customerservice.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.wxplatform.customerservice.MatchType;
import org.wxplatform.customerservice.ReplyContent;

/** Contents survive the way into their row and back (the articles through their JSON column). */
class StoredContentTest {

    @Test
    void everyKindOfContentRoundTrips() {
        List<ReplyContent> contents = List.of(
                new ReplyContent.Text("第一行\n第二行 😀 \"引号\" </xml>]]>"),
                new ReplyContent.News(List.of(
                        new ReplyContent.Article(
                                "标题😀", "说明 \\ \"x\"", "https://e.com/p.jpg", "https://e.com/a?x=1&y=2"),
                        new ReplyContent.Article("只有标题", null, null, null))),
                new ReplyContent.Image("media_ID-123"));
        AutoReplyKeyword row = new AutoReplyKeyword("wx0123", "关键词", Trigger.of(MatchType.EQUALS), contents);
        assertEquals(contents, row.contents());
        assertEquals(Trigger.EQUALS, row.getTrigger());
        assertEquals(MatchType.EQUALS, row.getTrigger().match());
    }

    @Test
    void replacingKeepsTheNewOrderOnly() {
        AutoReplyKeyword row = new AutoReplyKeyword(
                "wx0123", "k", Trigger.CONTAINS, List.of(new ReplyContent.Text("a"), new ReplyContent.Text("b")));
        row.setHidden(true);
        row.replace("k2", Trigger.EQUALS, List.of(new ReplyContent.Image("m"), new ReplyContent.Text("c")));
        assertEquals(List.of(new ReplyContent.Image("m"), new ReplyContent.Text("c")), row.contents());
        assertEquals("k2", row.getKeyword());
        assertEquals(true, row.isHidden(), "an edit does not show a hidden entry");
    }

    @Test
    void articlesJsonLeavesOutAbsentValues() {
        String json = ArticlesJson.write(List.of(new ReplyContent.Article("t", null, null, "https://e.com")));
        assertEquals("[{\"title\":\"t\",\"url\":\"https://e.com\"}]", json);
        assertEquals(List.of(new ReplyContent.Article("t", null, null, "https://e.com")), ArticlesJson.read(json));
    }
}
