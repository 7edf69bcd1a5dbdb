package org.wxplatform.business.binding;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.wxplatform.platform.PlatformLifecycle;

/** The {@code bind} table (V7). Every write runs in one transaction and locks the rows it ends. */
@ApplicationScoped
public class JdbcBindingRepository implements BindingRepository {

    @Resource(lookup = PlatformLifecycle.DATASOURCE)
    DataSource dataSource;

    @Override
    public Optional<Binding> current(String appid, String openid) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT phone, bound_at FROM bind WHERE appid = ? AND openid = ? AND state = 'B'")) {
            ps.setString(1, appid);
            ps.setString(2, openid);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Binding(
                        appid, openid, rs.getString(1), rs.getTimestamp(2).toInstant()));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("binding not read: " + e.getMessage(), e);
        }
    }

    @Override
    public java.util.Map<String, String> currentByPhones(String appid, java.util.Collection<String> phones) {
        java.util.Map<String, String> out = new java.util.HashMap<>();
        if (phones.isEmpty()) {
            return out;
        }
        String marks = String.join(",", java.util.Collections.nCopies(phones.size(), "?"));
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT phone, openid FROM bind"
                        + " WHERE appid = ? AND state = 'B' AND phone IN (" + marks + ")")) {
            ps.setString(1, appid);
            int i = 2;
            for (String phone : phones) {
                ps.setString(i++, phone);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("bindings not read: " + e.getMessage(), e);
        }
    }

    @Override
    @Transactional
    public List<String> bind(String appid, String openid, String phone, Channel channel) {
        Timestamp now = Timestamp.from(Instant.now());
        List<String> touched = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, openid FROM bind"
                    + " WHERE appid = ? AND state = 'B' AND (openid = ? OR phone = ?) FOR UPDATE")) {
                ps.setString(1, appid);
                ps.setString(2, openid);
                ps.setString(3, phone);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String other = rs.getString(2);
                        end(c, rs.getLong(1), now, openid.equals(other) ? "REPLACED" : "REBOUND");
                        touched.add(other);
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO bind (appid, openid, phone, state, channel,"
                    + " bound_at) VALUES (?, ?, ?, 'B', ?, ?)")) {
                ps.setString(1, appid);
                ps.setString(2, openid);
                ps.setString(3, phone);
                ps.setString(4, channel.name());
                ps.setTimestamp(5, now);
                ps.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("binding not stored: " + e.getMessage(), e);
        }
        if (!touched.contains(openid)) {
            touched.add(openid);
        }
        return touched;
    }

    @Override
    @Transactional
    public Optional<Binding> unbind(String appid, String openid, Channel channel) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT id, phone, bound_at FROM bind"
                        + " WHERE appid = ? AND openid = ? AND state = 'B' FOR UPDATE")) {
            ps.setString(1, appid);
            ps.setString(2, openid);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                end(c, rs.getLong(1), Timestamp.from(Instant.now()), "UNBIND_" + channel.name());
                return Optional.of(new Binding(
                        appid, openid, rs.getString(2), rs.getTimestamp(3).toInstant()));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("binding not ended: " + e.getMessage(), e);
        }
    }

    private static void end(Connection c, long id, Timestamp at, String reason) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("UPDATE bind SET state = 'U', unbound_at = ?, end_reason = ? WHERE id = ?")) {
            ps.setTimestamp(1, at);
            ps.setString(2, reason);
            ps.setLong(3, id);
            ps.executeUpdate();
        }
    }
}
