package org.wxplatform.business.push;

import java.util.ArrayList;
import java.util.List;

/**
 * A template of the account's library as last synced: {@link #keys} are its fields in order, read from
 * the content's {@code {{thing1.DATA}}} marks.
 */
public record PushTemplate(
        String appid, String templateId, String title, String content, String example, String syncedAt) {

    /** The field keys of the content, in order of appearance, each once. */
    public List<String> keys() {
        return keys(content);
    }

    static List<String> keys(String content) {
        List<String> out = new ArrayList<>();
        int from = 0;
        while (true) {
            int open = content.indexOf("{{", from);
            if (open < 0) {
                return out;
            }
            int close = content.indexOf("}}", open);
            if (close < 0) {
                return out;
            }
            String mark = content.substring(open + 2, close).strip();
            int dot = mark.indexOf('.');
            String key = dot < 0 ? mark : mark.substring(0, dot);
            if (key.matches("[A-Za-z0-9_]{1,32}") && !out.contains(key)) {
                out.add(key);
            }
            from = close + 2;
        }
    }
}
