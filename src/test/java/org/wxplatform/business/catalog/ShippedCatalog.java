package org.wxplatform.business.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The catalog exactly as migration V8 ships it, read from the SQL file (tests only). */
final class ShippedCatalog {

    private static final Pattern TUPLE = Pattern.compile("\\(([^()]*)\\)");

    private ShippedCatalog() {}

    static Catalog load() {
        String sql;
        try {
            sql = Files.readString(Path.of("src/main/resources/db/migration/V21__catalog.sql"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        int nodesAt = sql.indexOf("INSERT INTO biz_catalog (");
        int keywordsAt = sql.indexOf("INSERT INTO biz_catalog_keyword");
        List<CatalogNode> nodes = new ArrayList<>();
        for (List<String> v : tuples(sql.substring(sql.indexOf("VALUES", nodesAt), keywordsAt))) {
            nodes.add(new CatalogNode(
                    v.get(0),
                    v.get(1),
                    Integer.parseInt(v.get(2)),
                    v.get(3),
                    NodeKind.valueOf(v.get(4)),
                    v.get(5),
                    v.get(6),
                    Long.parseLong(v.get(7)),
                    v.get(8),
                    v.get(9)));
        }
        Map<String, String> keywords = new LinkedHashMap<>();
        for (List<String> v : tuples(sql.substring(sql.indexOf("VALUES", keywordsAt)))) {
            keywords.put(v.get(0), v.get(1));
        }
        return new Catalog(nodes, keywords);
    }

    private static List<List<String>> tuples(String values) {
        List<List<String>> out = new ArrayList<>();
        Matcher m = TUPLE.matcher(values);
        while (m.find()) {
            List<String> fields = new ArrayList<>();
            for (String raw : m.group(1).split(",(?=(?:[^']*'[^']*')*[^']*$)")) {
                String f = raw.strip();
                fields.add(f.equals("NULL") ? null : f.startsWith("'") ? f.substring(1, f.length() - 1) : f);
            }
            out.add(fields);
        }
        return out;
    }
}
