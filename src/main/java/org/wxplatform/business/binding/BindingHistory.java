package org.wxplatform.business.binding;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.wxplatform.platform.PlatformLifecycle;

/**
 * The history of bindings for operators handling a complaint (SPEC §6.5): every row of a phone number
 * or of a subscriber, current and ended, newest first. Read only; {@link BindingService} stays the one
 * write path. Pages are keyset pages on the row id (indexes {@code ix_bind_phone_id},
 * {@code ix_bind_openid_id}, V25).
 */
@ApplicationScoped
public class BindingHistory {

    /** One binding row; {@code endedAt} and {@code endReason} are null while it is current. */
    public record Row(
            long id,
            String appid,
            String openid,
            String phone,
            String channel,
            Instant boundAt,
            Instant endedAt,
            String endReason,
            boolean current) {}

    /** Which rows: by {@code phone} or by {@code openid} (exactly one), optionally of one {@code appid}. */
    public record Query(String phone, String openid, String appid) {
        public Query {
            if ((phone == null) == (openid == null)) {
                throw new IllegalArgumentException("exactly one of phone and openid");
            }
        }
    }

    @Resource(lookup = PlatformLifecycle.DATASOURCE)
    DataSource dataSource;

    /** Up to {@code limit} rows of {@code q} with ids below {@code beforeId} (null: from the newest). */
    public List<Row> page(Query q, Long beforeId, int limit) throws SQLException {
        StringBuilder sql = new StringBuilder(
                "SELECT id, appid, openid, phone, channel, bound_at, unbound_at, end_reason, state FROM bind WHERE ");
        sql.append(q.phone() != null ? "phone = ?" : "openid = ?");
        if (q.appid() != null) {
            sql.append(" AND appid = ?");
        }
        if (beforeId != null) {
            sql.append(" AND id < ?");
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        List<Row> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = 1;
            ps.setString(i++, q.phone() != null ? q.phone() : q.openid());
            if (q.appid() != null) {
                ps.setString(i++, q.appid());
            }
            if (beforeId != null) {
                ps.setLong(i++, beforeId);
            }
            ps.setInt(i, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Timestamp ended = rs.getTimestamp(7);
                    out.add(new Row(
                            rs.getLong(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getTimestamp(6).toInstant(),
                            ended == null ? null : ended.toInstant(),
                            rs.getString(8),
                            "B".equals(rs.getString(9))));
                }
            }
        }
        return out;
    }
}
