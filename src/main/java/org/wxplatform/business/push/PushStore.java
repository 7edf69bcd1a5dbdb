package org.wxplatform.business.push;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.wxplatform.account.wechat.PrivateTemplate;
import org.wxplatform.platform.PlatformLifecycle;

/** The {@code push*} tables (V31); every statement on its own (autocommit) unless the caller holds one. */
@ApplicationScoped
class PushStore {

    @Resource(lookup = PlatformLifecycle.DATASOURCE)
    DataSource dataSource;

    Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    /** The stored columns of a push (its live counts are read apart). */
    record Row(
            long id,
            String appid,
            String templateId,
            String url,
            String mpAppid,
            String mpPagepath,
            String dataJson,
            String columnsJson,
            char state,
            String pauseReason,
            int rate,
            String fileName,
            long fileBytes,
            String encoding,
            int lines,
            int invalid,
            int duplicates,
            int unbound,
            int targets,
            String createdBy,
            String mailTo,
            long createdMs,
            Long startedMs,
            Long finishedMs,
            Long mailedMs) {}

    /** A target as the sender reads it. */
    record Target(int seq, String openid, String phone, String fieldsJson, char state) {}

    /** A target to insert. */
    record NewTarget(int seq, String openid, String phone, String fieldsJson) {}

    /** A rejected line to insert. */
    record Rejected(int lineNo, String reason, String line, String detail) {}

    /** A receipt to apply; {@code tries}: how often it matched nothing before. */
    record Receipt(String appid, String openid, long msgId, String status, long createMs, int tries) {}

    // ---- templates

    void replaceTemplates(String appid, List<PrivateTemplate> templates) throws SQLException {
        try (Connection c = connection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement del = c.prepareStatement("DELETE FROM push_template WHERE appid = ?")) {
                    del.setString(1, appid);
                    del.executeUpdate();
                }
                try (PreparedStatement ins = c.prepareStatement("INSERT INTO push_template"
                        + " (appid, template_id, title, content, example, synced_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                    Timestamp now = Timestamp.from(Instant.now());
                    for (PrivateTemplate t : templates) {
                        ins.setString(1, appid);
                        ins.setString(2, t.templateId());
                        ins.setString(3, cut(t.title() == null ? "" : t.title(), 128));
                        ins.setString(4, t.content() == null ? "" : t.content());
                        ins.setString(5, t.example());
                        ins.setTimestamp(6, now);
                        ins.addBatch();
                    }
                    ins.executeBatch();
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    List<PushTemplate> templates(String appid) throws SQLException {
        List<PushTemplate> out = new ArrayList<>();
        try (Connection c = connection();
                PreparedStatement ps = c.prepareStatement("SELECT template_id, title, content, example, synced_at"
                        + " FROM push_template WHERE appid = ? ORDER BY title, template_id")) {
            ps.setString(1, appid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new PushTemplate(
                            appid,
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getTimestamp(5).toInstant().toString()));
                }
            }
        }
        return out;
    }

    // ---- pushes

    long createUploading(
            String appid,
            String templateId,
            String url,
            String mpAppid,
            String mpPagepath,
            String dataJson,
            String columnsJson,
            int rate,
            String fileName,
            String createdBy,
            String mailTo)
            throws SQLException {
        try (Connection c = connection();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO push (appid, template_id, url, mp_appid, mp_pagepath, data_json, columns_json,"
                                + " state, rate, file_name, created_by, mail_to, created_ms)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?, 'U', ?, ?, ?, ?, ?)",
                        PreparedStatement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, appid);
            ps.setString(2, templateId);
            ps.setString(3, url);
            ps.setString(4, mpAppid);
            ps.setString(5, mpPagepath);
            ps.setString(6, dataJson);
            ps.setString(7, columnsJson);
            ps.setInt(8, rate);
            ps.setString(9, fileName == null ? null : cut(fileName, 255));
            ps.setString(10, createdBy);
            ps.setString(11, mailTo);
            ps.setLong(12, System.currentTimeMillis());
            ps.executeUpdate();
            try (ResultSet rs = ps.getGeneratedKeys()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    void insertTargets(Connection c, long pushId, List<NewTarget> targets) throws SQLException {
        if (targets.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO push_target"
                + " (push_id, seq, openid, phone, fields_json, state) VALUES (?, ?, ?, ?, ?, 'P')")) {
            for (NewTarget t : targets) {
                ps.setLong(1, pushId);
                ps.setInt(2, t.seq());
                ps.setString(3, t.openid());
                ps.setString(4, t.phone());
                ps.setString(5, t.fieldsJson());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    void insertRejected(Connection c, long pushId, List<Rejected> rejected) throws SQLException {
        if (rejected.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO push_rejected (push_id, line_no, reason, line, detail) VALUES (?, ?, ?, ?, ?)")) {
            for (Rejected r : rejected) {
                ps.setLong(1, pushId);
                ps.setInt(2, r.lineNo());
                ps.setString(3, r.reason());
                ps.setString(4, cut(r.line(), 128));
                ps.setString(5, r.detail() == null ? null : cut(r.detail(), 200));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    void finishUpload(long id, PhoneFile.Read read, int invalid, int duplicates, int unbound, int targets)
            throws SQLException {
        try (Connection c = connection();
                PreparedStatement ps = c.prepareStatement("UPDATE push SET state = 'D', file_bytes = ?, encoding = ?,"
                        + " lines_read = ?, invalid = ?, duplicates = ?, unbound = ?, targets = ?"
                        + " WHERE id = ? AND state = 'U'")) {
            ps.setLong(1, read.bytes());
            ps.setString(2, read.encoding());
            ps.setInt(3, read.lines());
            ps.setInt(4, invalid);
            ps.setInt(5, duplicates);
            ps.setInt(6, unbound);
            ps.setInt(7, targets);
            ps.setLong(8, id);
            ps.executeUpdate();
        }
    }

    /** Deletes a push and all of its rows (a refused upload), in slices so no statement runs long. */
    void delete(long id) throws SQLException {
        try (Connection c = connection()) {
            for (String table : List.of("push_target", "push_rejected")) {
                try (PreparedStatement ps =
                        c.prepareStatement("DELETE FROM " + table + " WHERE push_id = ? LIMIT 10000")) {
                    ps.setLong(1, id);
                    while (ps.executeUpdate() > 0) {
                        // next slice
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM push WHERE id = ?")) {
                ps.setLong(1, id);
                ps.executeUpdate();
            }
        }
    }

    /** Pushes left in U (a node died while it read the file) for longer than {@code ageMs}. */
    List<Long> staleUploads(long ageMs) throws SQLException {
        return ids("SELECT id FROM push WHERE state = 'U' AND created_ms < ?", System.currentTimeMillis() - ageMs);
    }

    List<Long> running() throws SQLException {
        return ids("SELECT id FROM push WHERE state = 'R' AND id > ?", 0);
    }

    private List<Long> ids(String sql, long arg) throws SQLException {
        List<Long> out = new ArrayList<>();
        try (Connection c = connection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
        }
        return out;
    }

    /** Moves the push from one of {@code from} to {@code to}; false when it was in none of them. */
    boolean transition(long id, String from, char to, String reason) throws SQLException {
        String marks = String.join(
                ",", from.chars().mapToObj(ch -> "'" + (char) ch + "'").toList());
        String extra = to == 'R'
                ? ", started_ms = COALESCE(started_ms, ?)"
                : to == 'F' || to == 'C' ? ", finished_ms = ?" : "";
        try (Connection c = connection();
                PreparedStatement ps = c.prepareStatement("UPDATE push SET state = ?, pause_reason = ?" + extra
                        + " WHERE id = ? AND state IN (" + marks + ")")) {
            int i = 1;
            ps.setString(i++, Character.toString(to));
            ps.setString(i++, reason == null ? null : cut(reason, 255));
            if (!extra.isEmpty()) {
                ps.setLong(i++, System.currentTimeMillis());
            }
            ps.setLong(i, id);
            return ps.executeUpdate() == 1;
        }
    }

    void setRate(long id, int rate) throws SQLException {
        try (Connection c = connection();
                PreparedStatement ps = c.prepareStatement("UPDATE push SET rate = ? WHERE id = ?")) {
            ps.setInt(1, rate);
            ps.setLong(2, id);
            ps.executeUpdate();
        }
    }

    /** Finishes a running push none of whose targets is pending or in doubt; true if this call did. */
    boolean finishIfSettled(long id) throws SQLException {
        try (Connection c = connection();
                PreparedStatement ps = c.prepareStatement("UPDATE push SET state = 'F', finished_ms = ?"
                        + " WHERE id = ? AND state = 'R' AND NOT EXISTS"
                        + " (SELECT 1 FROM push_target WHERE push_id = ? AND state IN ('P', 'I'))")) {
            ps.setLong(1, System.currentTimeMillis());
            ps.setLong(2, id);
            ps.setLong(3, id);
            return ps.executeUpdate() == 1;
        }
    }

    /** Claims the mail of a finished push once across the cluster. */
    boolean claimMail(long id) throws SQLException {
        try (Connection c = connection();
                PreparedStatement ps = c.prepareStatement(
                        "UPDATE push SET mailed_ms = ? WHERE id = ? AND mailed_ms IS NULL AND state IN ('F', 'C')")) {
            ps.setLong(1, System.currentTimeMillis());
            ps.setLong(2, id);
            return ps.executeUpdate() == 1;
        }
    }

    void unclaimMail(long id) throws SQLException {
        try (Connection c = connection();
                PreparedStatement ps = c.prepareStatement("UPDATE push SET mailed_ms = NULL WHERE id = ?")) {
            ps.setLong(1, id);
            ps.executeUpdate();
        }
    }

    Row find(long id) throws SQLException {
        List<Row> rows = rows("WHERE id = ?", id, 1);
        return rows.isEmpty() ? null : rows.get(0);
    }

    List<Row> list(String appid, int limit) throws SQLException {
        if (appid == null) {
            return rows("WHERE state <> 'U' AND id > ? ORDER BY id DESC", 0, limit);
        }
        return rows("WHERE state <> 'U' AND appid = ? ORDER BY id DESC", appid, limit);
    }

    private List<Row> rows(String where, Object arg, int limit) throws SQLException {
        List<Row> out = new ArrayList<>();
        try (Connection c = connection();
                PreparedStatement ps = c.prepareStatement("SELECT id, appid, template_id, url, mp_appid, mp_pagepath,"
                        + " data_json, columns_json, state, pause_reason, rate, file_name, file_bytes, encoding,"
                        + " lines_read, invalid, duplicates, unbound, targets, created_by, mail_to, created_ms,"
                        + " started_ms, finished_ms, mailed_ms FROM push " + where + " LIMIT " + limit)) {
            ps.setObject(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Row(
                            rs.getLong(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getString(6),
                            rs.getString(7),
                            rs.getString(8),
                            rs.getString(9).charAt(0),
                            rs.getString(10),
                            rs.getInt(11),
                            rs.getString(12),
                            rs.getLong(13),
                            rs.getString(14),
                            rs.getInt(15),
                            rs.getInt(16),
                            rs.getInt(17),
                            rs.getInt(18),
                            rs.getInt(19),
                            rs.getString(20),
                            rs.getString(21),
                            rs.getLong(22),
                            (Long) rs.getObject(23, Long.class),
                            (Long) rs.getObject(24, Long.class),
                            (Long) rs.getObject(25, Long.class)));
                }
            }
        }
        return out;
    }

    /** Targets by state ({@code P}, {@code I}, {@code S}, {@code F}, {@code X}), resent ones as {@code resent}. */
    Map<String, Long> stateCounts(long id) throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        try (Connection c = connection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT state, COUNT(*), SUM(resent) FROM push_target WHERE push_id = ? GROUP BY state")) {
            ps.setLong(1, id);
            long resent = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                    resent += rs.getLong(3);
                }
            }
            out.put("resent", resent);
        }
        return out;
    }

    /** Receipts by Status as WeChat wrote it; sent targets still waiting for theirs under {@code ""}. */
    Map<String, Long> receiptCounts(long id) throws SQLException {
        Map<String, Long> out = new TreeMap<>();
        try (Connection c = connection();
                PreparedStatement ps = c.prepareStatement("SELECT COALESCE(receipt, ''), COUNT(*) FROM push_target"
                        + " WHERE push_id = ? AND (state = 'S' OR receipt IS NOT NULL) GROUP BY receipt")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return out;
    }

    /** The ranges [from, to] of {@code size} seqs that hold pending targets. */
    List<int[]> pendingRanges(long id, int size) throws SQLException {
        List<int[]> out = new ArrayList<>();
        try (Connection c = connection();
                PreparedStatement ps = c.prepareStatement("SELECT DISTINCT FLOOR((seq - 1) / ?) FROM push_target"
                        + " WHERE push_id = ? AND state = 'P' ORDER BY 1")) {
            ps.setInt(1, size);
            ps.setLong(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int slice = rs.getInt(1);
                    out.add(new int[] {slice * size + 1, (slice + 1) * size});
                }
            }
        }
        return out;
    }

    List<Target> targets(long id, int from, int to) throws SQLException {
        List<Target> out = new ArrayList<>();
        try (Connection c = connection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT seq, openid, phone, fields_json, state FROM push_target"
                                + " WHERE push_id = ? AND seq BETWEEN ? AND ? ORDER BY seq")) {
            ps.setLong(1, id);
            ps.setInt(2, from);
            ps.setInt(3, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Target(
                            rs.getInt(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5).charAt(0)));
                }
            }
        }
        return out;
    }

    /**
     * Records the intent to send to a pending target (state I): the claim itself, so two consumers given
     * the same batch never both send; false when the target was not pending.
     */
    boolean claim(long id, int seq) throws SQLException {
        try (Connection c = connection();
                PreparedStatement ps = c.prepareStatement("UPDATE push_target SET state = 'I', intent_ms = ?,"
                        + " attempts = attempts + 1 WHERE push_id = ? AND seq = ? AND state = 'P'")) {
            ps.setLong(1, System.currentTimeMillis());
            ps.setLong(2, id);
            ps.setInt(3, seq);
            return ps.executeUpdate() == 1;
        }
    }

    /** WeChat accepted the send: S with its msgid (0 when it gave none). A receipt that came first stays. */
    void sent(long id, int seq, long msgId) throws SQLException {
        try (Connection c = connection();
                PreparedStatement ps = c.prepareStatement("UPDATE push_target SET state = 'S', sent_ms = ?, msgid = ?"
                        + " WHERE push_id = ? AND seq = ? AND state = 'I'")) {
            ps.setLong(1, System.currentTimeMillis());
            if (msgId > 0) {
                ps.setLong(2, msgId);
            } else {
                ps.setNull(2, Types.BIGINT);
            }
            ps.setLong(3, id);
            ps.setInt(4, seq);
            ps.executeUpdate();
        }
    }

    void failed(long id, int seq, int errcode, String errmsg) throws SQLException {
        try (Connection c = connection();
                PreparedStatement ps = c.prepareStatement("UPDATE push_target SET state = 'F', errcode = ?, errmsg = ?"
                        + " WHERE push_id = ? AND seq = ? AND state = 'I'")) {
            ps.setInt(1, errcode);
            ps.setString(2, errmsg == null ? null : cut(errmsg, 200));
            ps.setLong(3, id);
            ps.setInt(4, seq);
            ps.executeUpdate();
        }
    }

    /** The send certainly did not happen (refused before WeChat took it): back to pending. */
    void release(long id, int seq, boolean countAttempt) throws SQLException {
        try (Connection c = connection();
                PreparedStatement ps = c.prepareStatement("UPDATE push_target SET state = 'P'"
                        + (countAttempt ? "" : ", attempts = GREATEST(0, attempts - 1)")
                        + " WHERE push_id = ? AND seq = ? AND state = 'I'")) {
            ps.setLong(1, id);
            ps.setInt(2, seq);
            ps.executeUpdate();
        }
    }

    int attempts(long id, int seq) throws SQLException {
        try (Connection c = connection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT attempts FROM push_target WHERE push_id = ? AND seq = ?")) {
            ps.setLong(1, id);
            ps.setInt(2, seq);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    /** Cancels every pending target of the push. */
    long cancelPending(long id) throws SQLException {
        try (Connection c = connection();
                PreparedStatement ps =
                        c.prepareStatement("UPDATE push_target SET state = 'X' WHERE push_id = ? AND state = 'P'")) {
            ps.setLong(1, id);
            return ps.executeUpdate();
        }
    }

    /** Targets of running pushes in doubt for longer than {@code ageMs} with no receipt: [push_id, seq]. */
    List<long[]> inDoubt(long ageMs, int limit) throws SQLException {
        List<long[]> out = new ArrayList<>();
        try (Connection c = connection();
                PreparedStatement ps = c.prepareStatement("SELECT t.push_id, t.seq FROM push_target t"
                        + " JOIN push p ON p.id = t.push_id WHERE p.state IN ('R', 'P') AND t.state = 'I'"
                        + " AND t.receipt IS NULL AND t.intent_ms < ? LIMIT " + limit)) {
            ps.setLong(1, System.currentTimeMillis() - ageMs);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new long[] {rs.getLong(1), rs.getLong(2)});
                }
            }
        }
        return out;
    }

    /** No receipt came for an in-doubt target: it was not delivered, so it is sent again (counted). */
    boolean resend(long id, int seq) throws SQLException {
        try (Connection c = connection();
                PreparedStatement ps = c.prepareStatement("UPDATE push_target SET state = 'P', resent = 1"
                        + " WHERE push_id = ? AND seq = ? AND state = 'I' AND receipt IS NULL")) {
            ps.setLong(1, id);
            ps.setInt(2, seq);
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * Applies receipts in one transaction: by msgid first; a receipt whose msgid no send has (the send got
     * msgid 0 or none, or its outcome is in doubt) goes to the latest send to the same openid of the same
     * account, without a msgid and a receipt, whose intent was at most {@code windowMs} before the
     * receipt's CreateTime. A target in doubt that gets its receipt was sent: it becomes S.
     *
     * @return those that matched nothing (the caller tries them once more a little later: the send's msgid
     *     may have been committed while this batch read)
     */
    List<Receipt> applyReceipts(List<Receipt> receipts, long windowMs) throws SQLException {
        List<Receipt> unknown = new ArrayList<>();
        try (Connection c = connection()) {
            // no gap locks: the senders write msgids into the same index meanwhile
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            c.setAutoCommit(false);
            try (PreparedStatement byId = c.prepareStatement("UPDATE push_target SET receipt = ?, receipt_ms = ?,"
                            + " state = CASE WHEN state = 'I' THEN 'S' ELSE state END"
                            + " WHERE msgid = ? AND receipt IS NULL");
                    PreparedStatement known = c.prepareStatement("SELECT 1 FROM push_target WHERE msgid = ? LIMIT 1");
                    PreparedStatement find = c.prepareStatement("SELECT t.push_id, t.seq FROM push_target t"
                            + " JOIN push p ON p.id = t.push_id WHERE t.openid = ? AND p.appid = ?"
                            + " AND t.msgid IS NULL AND t.receipt IS NULL AND t.state IN ('S', 'I')"
                            + " AND t.intent_ms BETWEEN ? AND ? ORDER BY t.intent_ms DESC LIMIT 1");
                    PreparedStatement bySeq = c.prepareStatement("UPDATE push_target SET receipt = ?, receipt_ms = ?,"
                            + " state = CASE WHEN state = 'I' THEN 'S' ELSE state END"
                            + " WHERE push_id = ? AND seq = ? AND receipt IS NULL")) {
                long now = System.currentTimeMillis();
                for (Receipt r : receipts) {
                    if (r.msgId() != 0) {
                        byId.setString(1, cut(r.status(), 64));
                        byId.setLong(2, now);
                        byId.setLong(3, r.msgId());
                        if (byId.executeUpdate() > 0) {
                            continue;
                        }
                        known.setLong(1, r.msgId());
                        try (ResultSet rs = known.executeQuery()) {
                            if (rs.next()) {
                                continue; // a receipt WeChat sent twice
                            }
                        }
                    }
                    find.setString(1, r.openid());
                    find.setString(2, r.appid());
                    find.setLong(3, r.createMs() - windowMs);
                    find.setLong(4, r.createMs() + 300_000);
                    long pushId = 0;
                    int seq = 0;
                    try (ResultSet rs = find.executeQuery()) {
                        if (rs.next()) {
                            pushId = rs.getLong(1);
                            seq = rs.getInt(2);
                        }
                    }
                    if (pushId == 0) {
                        unknown.add(r);
                        continue;
                    }
                    bySeq.setString(1, cut(r.status(), 64));
                    bySeq.setLong(2, now);
                    bySeq.setLong(3, pushId);
                    bySeq.setInt(4, seq);
                    bySeq.executeUpdate();
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
                c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            }
        }
        return unknown;
    }

    /** Rows for a CSV: the targets that failed (errcode) or whose receipt is a failure. */
    void failures(long id, RowSink sink) throws SQLException {
        query(
                "SELECT seq, phone, openid, state, errcode, errmsg, receipt, resent FROM push_target WHERE push_id = ?"
                        + " AND (state = 'F' OR receipt LIKE 'failed%') ORDER BY seq",
                id, sink);
    }

    /** Rows for a CSV: the lines of the file that were not sent to. */
    void rejected(long id, RowSink sink) throws SQLException {
        query("SELECT line_no, reason, line, detail FROM push_rejected WHERE push_id = ? ORDER BY line_no", id, sink);
    }

    interface RowSink {
        void row(ResultSet rs) throws SQLException;
    }

    private void query(String sql, long id, RowSink sink) throws SQLException {
        try (Connection c = connection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setFetchSize(Integer.MIN_VALUE); // streamed by Connector/J, never the whole result in memory
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink.row(rs);
                }
            }
        }
    }

    /** One statement, tried again (up to three times) when the database chose it as a deadlock's victim. */
    interface Statement<T> {
        T run() throws SQLException;
    }

    static <T> T retried(Statement<T> statement) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                return statement.run();
            } catch (java.sql.SQLTransactionRollbackException e) {
                if (attempt >= 3) {
                    throw e;
                }
            } catch (SQLException e) {
                if (attempt >= 3 || !"40001".equals(e.getSQLState())) {
                    throw e;
                }
            }
        }
    }

    static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
