package org.wxplatform.account.wechat;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/** One article of a news message: title, description, the page it opens and its picture. */
public record Article(String title, String description, String url, String picUrl) {

    public Article {
        Fields.text(title, "title", 128);
        Fields.url(url, "url");
        if (picUrl != null) {
            Fields.url(picUrl, "picUrl");
        }
    }

    JsonObject toJson() {
        JsonObjectBuilder b = JsonP.JSON.createObjectBuilder().add("title", title);
        Fields.addOptional(b, "description", description);
        b.add("url", url);
        Fields.addOptional(b, "picurl", picUrl);
        return b.build();
    }
}
