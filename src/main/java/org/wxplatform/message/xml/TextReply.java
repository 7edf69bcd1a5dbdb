package org.wxplatform.message.xml;

/**
 * A text reply. Line breaks are kept; WeChat shows them.
 *
 * @param content the text, not empty
 */
public record TextReply(String content) implements Reply {

    public TextReply {
        Checks.present(content, "content");
        if (content.isEmpty()) {
            throw new IllegalArgumentException("content must not be empty");
        }
    }
}
