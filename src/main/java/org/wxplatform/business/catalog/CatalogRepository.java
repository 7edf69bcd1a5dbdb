package org.wxplatform.business.catalog;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.wxplatform.platform.PlatformLifecycle;

/** Reads the catalog tables (V8) as one checked {@link Catalog}. */
@ApplicationScoped
public class CatalogRepository {

    @Resource(lookup = PlatformLifecycle.DATASOURCE)
    DataSource dataSource;

    public Catalog load() {
        List<CatalogNode> nodes = new ArrayList<>();
        Map<String, String> keywords = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT code, parent_code, position, name, kind, action,"
                            + " product_code, amount_fen, menu_key, description FROM biz_catalog ORDER BY code");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    nodes.add(new CatalogNode(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getInt(3),
                            rs.getString(4),
                            NodeKind.valueOf(rs.getString(5)),
                            rs.getString(6),
                            rs.getString(7),
                            rs.getLong(8),
                            rs.getString(9),
                            rs.getString(10)));
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT keyword, code FROM biz_catalog_keyword");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    keywords.put(rs.getString(1), rs.getString(2));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("catalog not read: " + e.getMessage(), e);
        }
        return new Catalog(nodes, keywords);
    }
}
