package org.wxplatform.customerservice.domain;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.wxplatform.customerservice.ReplyContent;

/**
 * The articles of a news content as stored in one JSON text column: they are always read and written
 * with their content and never searched, so a child table would only add joins. Keys: {@code title},
 * {@code description}, {@code picUrl}, {@code url}; absent optional values are left out.
 */
final class ArticlesJson {

    private ArticlesJson() {}

    static String write(List<ReplyContent.Article> articles) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        for (ReplyContent.Article a : articles) {
            JsonObjectBuilder o = Json.createObjectBuilder().add("title", a.title());
            if (a.description() != null) {
                o.add("description", a.description());
            }
            if (a.picUrl() != null) {
                o.add("picUrl", a.picUrl());
            }
            if (a.url() != null) {
                o.add("url", a.url());
            }
            array.add(o);
        }
        return array.build().toString();
    }

    static List<ReplyContent.Article> read(String json) {
        JsonArray array;
        try (var reader = Json.createReader(new StringReader(json))) {
            array = reader.readArray();
        }
        List<ReplyContent.Article> articles = new ArrayList<>(array.size());
        for (JsonValue v : array) {
            JsonObject o = v.asJsonObject();
            articles.add(new ReplyContent.Article(
                    o.getString("title"), string(o, "description"), string(o, "picUrl"), string(o, "url")));
        }
        return articles;
    }

    private static String string(JsonObject o, String key) {
        JsonValue v = o.get(key);
        return v instanceof JsonString s ? s.getString() : null;
    }
}
