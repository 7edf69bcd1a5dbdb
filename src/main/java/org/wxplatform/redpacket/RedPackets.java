package org.wxplatform.redpacket;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.wxplatform.business.binding.BindingService;
import org.wxplatform.business.carrier.OrderKind;
import org.wxplatform.business.transaction.TransactionIntake;
import org.wxplatform.business.transaction.TransactionRequest;
import org.wxplatform.log.user.UserLogQuery;
import org.wxplatform.platform.PlatformLifecycle;
import org.wxplatform.platform.config.Settings;
import org.wxplatform.redpacket.Grab.Outcome;
import org.wxplatform.redpacket.Ledger.Leg;
import org.wxplatform.redpacket.RedPacketException.Reason;

/**
 * The red packets' one write path (SPEC §5.2-5.3): traffic accounts, sending, grabbing, asking friends,
 * the daily system packet, exchange into the bound phone's data, and expiry refunds.
 *
 * <p>Money invariants, all held by MySQL (Redis only guards the door, see {@link GrabGate}):
 *
 * <ul>
 *   <li>every movement is one short transaction that writes its two {@link Ledger} legs and the
 *       balances they change; a debit is a conditional {@code UPDATE ... WHERE balance_mb >= ?}, so no
 *       account goes below zero;
 *   <li>a grab takes the next pre-computed share by a conditional {@code UPDATE} of the packet's row
 *       ({@code state = 'O' AND taken_count < share_count AND expires_at > now}): a packet never pays
 *       more shares than it has, and the row lock serialises its grabs;
 *   <li>a subscriber grabs a packet at most once ({@code rp_grab} primary key); asking again gives the
 *       same answer;
 *   <li>a packet has one resolution, E(mptied) by its last grab or R(efunded) by the expiry job, each a
 *       conditional update of {@code state = 'O'}, so a refund racing the last grab pays once.
 * </ul>
 */
@ApplicationScoped
public class RedPackets {

    private static final Logger LOG = Logger.getLogger(RedPackets.class.getName());
    public static final ZoneId ZONE = ZoneId.of(Settings.get("WXP_TIMEZONE", "Asia/Shanghai"));
    public static final Duration LIFETIME = Duration.ofHours(24);
    public static final int MAX_TOTAL_MB = 100_000;
    public static final int MAX_SHARES = 1_000;
    /** What an exchange can buy: MB of balance -> the carrier's data package. */
    public static final Map<Integer, String> EXCHANGES = new LinkedHashMap<>();

    static {
        EXCHANGES.put(100, "DATA_M_100M");
        EXCHANGES.put(500, "DATA_M_500M");
        EXCHANGES.put(1024, "DATA_M_1G");
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    public enum Kind {
        NORMAL,
        RANDOM,
        SYSTEM,
        ASK
    }

    /** A packet as the page and the admin see it. */
    public record Packet(
            long id,
            String appid,
            String sender,
            Kind kind,
            int totalMb,
            int shareCount,
            int takenCount,
            long takenMb,
            long refundedMb,
            char state,
            String greeting,
            Instant createdAt,
            Instant expiresAt) {}

    /** One grab of a packet. */
    public record Grabber(String openid, int amountMb, Instant at) {}

    /** A ledger leg as read back. */
    public record Entry(
            long id,
            LocalDate day,
            char holder,
            String openid,
            Long packetId,
            long amountMb,
            String kind,
            String idemKey,
            Instant at) {}

    /** A request to friends. */
    public record Ask(
            long id,
            String appid,
            String asker,
            int amountMb,
            String note,
            char state,
            String payer,
            Long packetId,
            Instant expiresAt) {}

    /** An exchange and the transaction queue's answer. */
    public record Exchange(long id, int amountMb, String productCode, String answer) {}

    @Resource(lookup = PlatformLifecycle.DATASOURCE)
    DataSource dataSource;

    @Inject
    GrabGate gate;

    @Inject
    BindingService bindings;

    @Inject
    TransactionIntake intake;

    @Inject
    UserLogQuery userLogs;

    // ---- accounts -------------------------------------------------------------------------------

    /** The subscriber's balance in MB (0 for a subscriber without an account yet). */
    public long balance(String appid, String openid) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT balance_mb FROM rp_account WHERE appid = ? AND openid = ?")) {
            ps.setString(1, appid);
            ps.setString(2, openid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /** The newest ledger legs of a subscriber's account (hot and cold), newest first. */
    public List<Entry> ledger(String appid, String openid, int limit) throws SQLException {
        String cols = "id, day, holder, openid, packet_id, amount_mb, kind, idem_key, created_at";
        String sql =
                "SELECT * FROM ((SELECT " + cols + " FROM rp_ledger WHERE appid = ? AND openid = ? AND holder = 'U'"
                        + " ORDER BY id DESC LIMIT ?) UNION ALL (SELECT " + cols
                        + " FROM rp_ledger_cold WHERE appid = ? AND openid = ? AND holder = 'U' ORDER BY id DESC LIMIT ?)) t"
                        + " ORDER BY id DESC LIMIT ?";
        List<Entry> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, appid);
            ps.setString(2, openid);
            ps.setInt(3, limit);
            ps.setString(4, appid);
            ps.setString(5, openid);
            ps.setInt(6, limit);
            ps.setInt(7, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long p = rs.getLong(5);
                    Long packet = rs.wasNull() ? null : p; // of column 5: asked before another is read
                    out.add(new Entry(
                            rs.getLong(1),
                            rs.getDate(2).toLocalDate(),
                            rs.getString(3).charAt(0),
                            rs.getString(4),
                            packet,
                            rs.getLong(6),
                            rs.getString(7),
                            rs.getString(8),
                            rs.getTimestamp(9).toInstant()));
                }
            }
        }
        return out;
    }

    // ---- sending ----------------------------------------------------------------------------------

    /**
     * Sends a NORMAL packet ({@code amount} MB to each of {@code count}) or a RANDOM one ({@code amount}
     * MB in all, cut by {@link Splits#random}) from the sender's balance. {@code requestKey} (the page's
     * one-time token) makes a repeated request return the packet it made.
     */
    public Packet send(
            String appid, String sender, Kind kind, int amount, int count, String greeting, String requestKey)
            throws SQLException, RedPacketException {
        if (kind != Kind.NORMAL && kind != Kind.RANDOM) {
            throw new RedPacketException(Reason.BAD_INPUT, "红包类型只能是普通或拼手气。");
        }
        if (count < 1 || count > MAX_SHARES) {
            throw new RedPacketException(Reason.BAD_INPUT, "红包个数为 1 到 " + MAX_SHARES + " 个。");
        }
        if (amount < 1 || (long) amount * (kind == Kind.NORMAL ? count : 1) > MAX_TOTAL_MB) {
            throw new RedPacketException(Reason.BAD_INPUT, "红包总额为 1 到 " + MAX_TOTAL_MB + " MB。");
        }
        if (kind == Kind.RANDOM && amount < count) {
            throw new RedPacketException(Reason.BAD_INPUT, "拼手气红包每个至少 1 MB：" + count + " 个需要至少 " + count + " MB。");
        }
        checkKey(requestKey);
        int[] shares = kind == Kind.NORMAL ? Splits.normal(amount, count) : Splits.random(amount, count, RANDOM);
        int total = 0;
        for (int s : shares) {
            total += s;
        }
        String idem = "send:" + appid + ":" + sender + ":" + requestKey;
        Instant now = Instant.now();
        try (Connection c = dataSource.getConnection()) {
            Optional<Long> seen = packetIdByKey(c, idem);
            if (seen.isPresent()) {
                return packet(c, seen.get()).orElseThrow();
            }
            c.setAutoCommit(false);
            try {
                debit(c, appid, sender, total, now);
                long id;
                try {
                    id = insertPacket(c, appid, sender, kind, total, shares.length, clean(greeting), idem, now, 'O');
                } catch (SQLIntegrityConstraintViolationException twice) {
                    c.rollback();
                    return packet(c, packetIdByKey(c, idem).orElseThrow(() -> twice))
                            .orElseThrow();
                }
                insertShares(c, id, shares);
                writeLegs(c, appid, Ledger.send(id, sender, total), now);
                c.commit();
                return packet(c, id).orElseThrow();
            } catch (SQLException | RedPacketException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    // ---- grabbing ---------------------------------------------------------------------------------

    /**
     * A grab through the door (seed 002): answered from Redis when it can be (asked again, packet
     * resolved), BUSY at once when the database has its share of grabs, else one short transaction.
     */
    public Grab grab(String appid, long packetId, String openid) throws SQLException {
        GrabGate.Known known = gate.known(appid, packetId, openid);
        if (known.got() != null) {
            return Grab.got(known.got(), true);
        }
        if (known.closed() != null) {
            return Grab.of(known.closed() == 'R' ? Outcome.EXPIRED : Outcome.EMPTY);
        }
        ReentrantLock lock = gate.lock(packetId);
        if (lock == null) {
            return Grab.of(Outcome.BUSY);
        }
        try {
            Optional<GrabGate.Slot> slot = gate.enter();
            if (slot.isEmpty()) {
                return Grab.of(Outcome.BUSY);
            }
            try (GrabGate.Slot s = slot.get()) {
                return grabInDatabase(appid, packetId, openid);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Work of one transaction, run again when MySQL chose it as a deadlock's victim (it rolled back whole). */
    private interface Work<T> {
        T run() throws SQLException;
    }

    private static <T> T again(Work<T> work) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                return work.run();
            } catch (SQLException e) {
                boolean victim = e instanceof java.sql.SQLTransactionRollbackException
                        || e.getErrorCode() == 1213
                        || "40001".equals(e.getSQLState());
                if (!victim || attempt == 5) {
                    throw e;
                }
                LOG.fine("deadlock victim, again (" + attempt + "): " + e.getMessage());
            }
        }
    }

    private Grab grabInDatabase(String appid, long packetId, String openid) throws SQLException {
        return again(() -> grabOnce(appid, packetId, openid));
    }

    private Grab grabOnce(String appid, long packetId, String openid) throws SQLException {
        Instant now = Instant.now();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                int taken;
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE rp_packet SET taken_count = taken_count + 1 WHERE id = ? AND appid = ? AND state = 'O'"
                                + " AND taken_count < share_count AND expires_at > ?")) {
                    ps.setLong(1, packetId);
                    ps.setString(2, appid);
                    ps.setTimestamp(3, Timestamp.from(now));
                    taken = ps.executeUpdate();
                }
                if (taken == 0) {
                    c.rollback();
                    return notTaken(c, appid, packetId, openid);
                }
                Taken t = takeShare(c, appid, packetId, openid, now);
                if (t.grab().repeat()) {
                    c.rollback();
                    return t.grab();
                }
                c.commit();
                afterGrab(c, appid, packetId, openid, t);
                return t.grab();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    /**
     * The naive grab the benchmark compares against: no door, {@code SELECT ... FOR UPDATE} of the
     * packet's row by every request, then the same writes. Same answers and the same ledger.
     */
    public Grab grabNaive(String appid, long packetId, String openid) throws SQLException {
        return again(() -> grabNaiveOnce(appid, packetId, openid));
    }

    private Grab grabNaiveOnce(String appid, long packetId, String openid) throws SQLException {
        Instant now = Instant.now();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                boolean open;
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT state, taken_count, share_count, expires_at FROM rp_packet WHERE id = ? AND appid = ?"
                                + " FOR UPDATE")) {
                    ps.setLong(1, packetId);
                    ps.setString(2, appid);
                    try (ResultSet rs = ps.executeQuery()) {
                        open = rs.next()
                                && rs.getString(1).charAt(0) == 'O'
                                && rs.getInt(2) < rs.getInt(3)
                                && rs.getTimestamp(4).toInstant().isAfter(now);
                    }
                }
                if (!open) {
                    c.rollback();
                    return notTaken(c, appid, packetId, openid);
                }
                Optional<Integer> had = grabOf(c, packetId, openid);
                if (had.isPresent()) {
                    c.rollback();
                    return Grab.got(had.get(), true);
                }
                try (PreparedStatement ps =
                        c.prepareStatement("UPDATE rp_packet SET taken_count = taken_count + 1 WHERE id = ?")) {
                    ps.setLong(1, packetId);
                    ps.executeUpdate();
                }
                Taken t = takeShare(c, appid, packetId, openid, now);
                if (t.grab().repeat()) {
                    c.rollback();
                    return t.grab();
                }
                c.commit();
                return t.grab();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    /** In the grab's transaction, after taken_count was raised: the share, the grab row, the ledger, the balance. */
    private record Taken(Grab grab, boolean last) {}

    private Taken takeShare(Connection c, String appid, long packetId, String openid, Instant now) throws SQLException {
        int idx;
        int count;
        try (PreparedStatement ps = c.prepareStatement("SELECT taken_count, share_count FROM rp_packet WHERE id = ?")) {
            ps.setLong(1, packetId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                idx = rs.getInt(1) - 1;
                count = rs.getInt(2);
            }
        }
        int amount;
        try (PreparedStatement ps =
                c.prepareStatement("SELECT amount_mb FROM rp_share WHERE packet_id = ? AND idx = ?")) {
            ps.setLong(1, packetId);
            ps.setInt(2, idx);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("packet " + packetId + " has no share " + idx);
                }
                amount = rs.getInt(1);
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO rp_grab (packet_id, openid, appid, idx, amount_mb, grabbed_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, packetId);
            ps.setString(2, openid);
            ps.setString(3, appid);
            ps.setInt(4, idx);
            ps.setInt(5, amount);
            ps.setTimestamp(6, Timestamp.from(now));
            ps.executeUpdate();
        } catch (SQLIntegrityConstraintViolationException twice) {
            // this subscriber grabbed it before: the caller rolls the share back and gives the same answer
            c.rollback();
            return new Taken(Grab.got(grabOf(c, packetId, openid).orElseThrow(() -> twice), true), false);
        }
        boolean last = idx == count - 1;
        try (PreparedStatement ps = c.prepareStatement("UPDATE rp_packet SET taken_mb = taken_mb + ?"
                + (last ? ", state = 'E', resolved_at = ?" : "") + " WHERE id = ?")) {
            ps.setInt(1, amount);
            if (last) {
                ps.setTimestamp(2, Timestamp.from(now));
                ps.setLong(3, packetId);
            } else {
                ps.setLong(2, packetId);
            }
            ps.executeUpdate();
        }
        writeLegs(c, appid, Ledger.grab(packetId, openid, amount), now);
        credit(c, appid, openid, amount, now);
        return new Taken(Grab.got(amount, false), last);
    }

    private void afterGrab(Connection c, String appid, long packetId, String openid, Taken t) {
        gate.remember(appid, packetId, openid, t.grab().amountMb());
        if (t.last()) {
            closeInGate(c, appid, packetId, 'E');
        }
    }

    private void closeInGate(Connection c, String appid, long packetId, char state) {
        try {
            gate.close(appid, packetId, state, grabbersMap(c, packetId));
        } catch (SQLException e) {
            LOG.fine("packet " + packetId + " left to the database: " + e.getMessage());
        }
    }

    private Grab notTaken(Connection c, String appid, long packetId, String openid) throws SQLException {
        Optional<Integer> had = grabOf(c, packetId, openid);
        if (had.isPresent()) {
            return Grab.got(had.get(), true);
        }
        Optional<Packet> p = packet(c, packetId).filter(x -> x.appid().equals(appid));
        if (p.isEmpty()) {
            return Grab.of(Outcome.NO_SUCH_PACKET);
        }
        char state = p.get().state();
        if (state == 'R' || (state == 'O' && !p.get().expiresAt().isAfter(Instant.now()))) {
            return Grab.of(Outcome.EXPIRED);
        }
        return Grab.of(Outcome.EMPTY);
    }

    private static Optional<Integer> grabOf(Connection c, long packetId, String openid) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT amount_mb FROM rp_grab WHERE packet_id = ? AND openid = ?")) {
            ps.setLong(1, packetId);
            ps.setString(2, openid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getInt(1)) : Optional.empty();
            }
        }
    }

    private static Map<String, String> grabbersMap(Connection c, long packetId) throws SQLException {
        Map<String, String> out = new java.util.HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT openid, amount_mb FROM rp_grab WHERE packet_id = ?")) {
            ps.setLong(1, packetId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), Integer.toString(rs.getInt(2)));
                }
            }
        }
        return out;
    }

    // ---- reading packets --------------------------------------------------------------------------

    public Optional<Packet> packet(String appid, long id) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return packet(c, id).filter(p -> p.appid().equals(appid));
        }
    }

    /** Who got what, in the order they grabbed. */
    public List<Grabber> grabbers(long packetId) throws SQLException {
        List<Grabber> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT openid, amount_mb, grabbed_at FROM rp_grab WHERE packet_id = ? ORDER BY idx")) {
            ps.setLong(1, packetId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Grabber(
                            rs.getString(1), rs.getInt(2), rs.getTimestamp(3).toInstant()));
                }
            }
        }
        return out;
    }

    /** Packets of an account (all when {@code appid} is null), newest first, ids below {@code beforeId}. */
    public List<Packet> packets(String appid, String sender, long beforeId, int limit) throws SQLException {
        StringBuilder sql = new StringBuilder(PACKET_SELECT).append(" WHERE id < ?");
        if (appid != null) {
            sql.append(" AND appid = ?");
        }
        if (sender != null) {
            sql.append(" AND sender_openid = ?");
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        List<Packet> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = 1;
            ps.setLong(i++, beforeId);
            if (appid != null) {
                ps.setString(i++, appid);
            }
            if (sender != null) {
                ps.setString(i++, sender);
            }
            ps.setInt(i, Math.max(1, Math.min(limit, 500)));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(packetOf(rs));
                }
            }
        }
        return out;
    }

    private static final String PACKET_SELECT = "SELECT id, appid, sender_openid, kind, total_mb, share_count,"
            + " taken_count, taken_mb, refunded_mb, state, greeting, created_at, expires_at FROM rp_packet";

    private static Optional<Packet> packet(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(PACKET_SELECT + " WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(packetOf(rs)) : Optional.empty();
            }
        }
    }

    private static Packet packetOf(ResultSet rs) throws SQLException {
        return new Packet(
                rs.getLong(1),
                rs.getString(2),
                rs.getString(3),
                Kind.valueOf(rs.getString(4)),
                rs.getInt(5),
                rs.getInt(6),
                rs.getInt(7),
                rs.getLong(8),
                rs.getLong(9),
                rs.getString(10).charAt(0),
                rs.getString(11),
                rs.getTimestamp(12).toInstant(),
                rs.getTimestamp(13).toInstant());
    }

    // ---- asking friends ---------------------------------------------------------------------------

    /** A request to friends for {@code amount} MB; the link carries its id. */
    public Ask ask(String appid, String asker, int amount, String note) throws SQLException, RedPacketException {
        if (amount < 1 || amount > 1024) {
            throw new RedPacketException(Reason.BAD_INPUT, "讨红包金额为 1 到 1024 MB。");
        }
        Instant now = Instant.now();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO rp_ask (appid, asker_openid, amount_mb, note, created_at, expires_at)"
                                + " VALUES (?, ?, ?, ?, ?, ?)",
                        PreparedStatement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, appid);
            ps.setString(2, asker);
            ps.setInt(3, amount);
            ps.setString(4, clean(note));
            ps.setTimestamp(5, Timestamp.from(now));
            ps.setTimestamp(6, Timestamp.from(now.plus(LIFETIME)));
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return findAsk(c, appid, keys.getLong(1)).orElseThrow();
            }
        }
    }

    public Optional<Ask> findAsk(String appid, long id) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return findAsk(c, appid, id);
        }
    }

    /**
     * A friend pays an ask from their balance, once: the ask turns P(aid) by a conditional update, and
     * the payment is a one-share ASK packet sent by the friend and taken at once by the asker.
     */
    public Ask payAsk(String appid, long askId, String payer) throws SQLException, RedPacketException {
        Instant now = Instant.now();
        try (Connection c = dataSource.getConnection()) {
            Ask ask =
                    findAsk(c, appid, askId).orElseThrow(() -> new RedPacketException(Reason.NOT_FOUND, "没有这个讨红包请求。"));
            if (ask.asker().equals(payer)) {
                throw new RedPacketException(Reason.OWN, "不能给自己发讨来的红包，请把链接分享给好友。");
            }
            c.setAutoCommit(false);
            try {
                int won;
                try (PreparedStatement ps = c.prepareStatement("UPDATE rp_ask SET state = 'P', payer_openid = ?,"
                        + " paid_at = ? WHERE id = ? AND appid = ? AND state = 'O' AND expires_at > ?")) {
                    ps.setString(1, payer);
                    ps.setTimestamp(2, Timestamp.from(now));
                    ps.setLong(3, askId);
                    ps.setString(4, appid);
                    ps.setTimestamp(5, Timestamp.from(now));
                    won = ps.executeUpdate();
                }
                if (won == 0) {
                    c.rollback();
                    throw new RedPacketException(Reason.CLOSED, ask.state() == 'P' ? "这个请求已经有好友发过红包了。" : "这个请求已过期。");
                }
                debit(c, appid, payer, ask.amountMb(), now);
                long id = insertPacket(
                        c, appid, payer, Kind.ASK, ask.amountMb(), 1, ask.note(), "ask:" + askId, now, 'E');
                insertShares(c, id, new int[] {ask.amountMb()});
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE rp_packet SET taken_count = 1, taken_mb = total_mb, resolved_at = ? WHERE id = ?")) {
                    ps.setTimestamp(1, Timestamp.from(now));
                    ps.setLong(2, id);
                    ps.executeUpdate();
                }
                insertGrab(c, id, ask.asker(), appid, ask.amountMb(), now);
                writeLegs(c, appid, Ledger.send(id, payer, ask.amountMb()), now);
                writeLegs(c, appid, Ledger.grab(id, ask.asker(), ask.amountMb()), now);
                credit(c, appid, ask.asker(), ask.amountMb(), now);
                try (PreparedStatement ps = c.prepareStatement("UPDATE rp_ask SET packet_id = ? WHERE id = ?")) {
                    ps.setLong(1, id);
                    ps.setLong(2, askId);
                    ps.executeUpdate();
                }
                c.commit();
            } catch (SQLException | RedPacketException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
            return findAsk(c, appid, askId).orElseThrow();
        }
    }

    private static Optional<Ask> findAsk(Connection c, String appid, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, appid, asker_openid, amount_mb, note, state,"
                + " payer_openid, packet_id, expires_at FROM rp_ask WHERE id = ? AND appid = ?")) {
            ps.setLong(1, id);
            ps.setString(2, appid);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                long p = rs.getLong(8);
                Long packet = rs.wasNull() ? null : p;
                return Optional.of(new Ask(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getInt(4),
                        rs.getString(5),
                        rs.getString(6).charAt(0),
                        rs.getString(7),
                        packet,
                        rs.getTimestamp(9).toInstant()));
            }
        }
    }

    // ---- the daily system packet --------------------------------------------------------------------

    /**
     * The subscriber's activity level, 0 to 4: one for a bound phone, and by the messages and events of
     * the last 30 days in the user log: at least 1, 10, 50 (one level each).
     */
    public int activityLevel(String appid, String openid) throws SQLException {
        int level = bindings.phoneOf(appid, openid).isPresent() ? 1 : 0;
        Instant now = Instant.now();
        int seen = userLogs.page(new UserLogQuery.Filter(appid, openid, now.minus(Duration.ofDays(30)), now), null, 50)
                .rows()
                .size();
        level += seen >= 50 ? 3 : seen >= 10 ? 2 : seen >= 1 ? 1 : 0;
        return level;
    }

    /** The MB of a system packet at each activity level. */
    public static int systemSize(int level) {
        return switch (Math.max(0, Math.min(4, level))) {
            case 0 -> 5;
            case 1 -> 10;
            case 2 -> 20;
            case 3 -> 50;
            default -> 100;
        };
    }

    /** Opens today's system packet (one a day per subscriber, sized by activity level): asked again, the same one. */
    public Grab openSystemPacket(String appid, String openid) throws SQLException {
        String idem = "system:" + appid + ":" + openid + ":" + LocalDate.ofInstant(Instant.now(), ZONE);
        try (Connection c = dataSource.getConnection()) {
            Optional<Long> seen = packetIdByKey(c, idem);
            if (seen.isPresent()) {
                return Grab.got(grabOf(c, seen.get(), openid).orElseThrow(), true);
            }
        }
        return systemPacket(appid, openid, systemSize(activityLevel(appid, openid)), idem, "每日流量红包");
    }

    /**
     * Traffic the platform gives a subscriber outside the daily packet (operators' campaigns, the
     * benchmark's funding): a one-share system packet, once per {@code key}.
     */
    public Grab grant(String appid, String openid, int amountMb, String key) throws SQLException, RedPacketException {
        if (amountMb < 1 || amountMb > MAX_TOTAL_MB) {
            throw new RedPacketException(Reason.BAD_INPUT, "amount: 1 to " + MAX_TOTAL_MB + " MB");
        }
        checkKey(key);
        return systemPacket(appid, openid, amountMb, "grant:" + appid + ":" + key, "平台赠送流量");
    }

    private Grab systemPacket(String appid, String openid, int size, String idem, String greeting) throws SQLException {
        Instant now = Instant.now();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                long id;
                try {
                    id = insertPacket(c, appid, null, Kind.SYSTEM, size, 1, greeting, idem, now, 'E');
                } catch (SQLIntegrityConstraintViolationException twice) {
                    c.rollback();
                    long other = packetIdByKey(c, idem).orElseThrow(() -> twice);
                    return Grab.got(grabOf(c, other, openid).orElseThrow(), true);
                }
                insertShares(c, id, new int[] {size});
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE rp_packet SET taken_count = 1, taken_mb = total_mb, resolved_at = ? WHERE id = ?")) {
                    ps.setTimestamp(1, Timestamp.from(now));
                    ps.setLong(2, id);
                    ps.executeUpdate();
                }
                insertGrab(c, id, openid, appid, size, now);
                writeLegs(c, appid, Ledger.system(id, size), now);
                writeLegs(c, appid, Ledger.grab(id, openid, size), now);
                credit(c, appid, openid, size, now);
                c.commit();
                return Grab.got(size, false);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    /** Moves a packet's expiry to now (the benchmark's and tests' forced expiry); true if it was open. */
    public boolean expireNow(String appid, long packetId) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "UPDATE rp_packet SET expires_at = ? WHERE id = ? AND appid = ? AND state = 'O'")) {
            ps.setTimestamp(1, Timestamp.from(Instant.now().minusSeconds(1)));
            ps.setLong(2, packetId);
            ps.setString(3, appid);
            return ps.executeUpdate() == 1;
        }
    }

    // ---- exchange -----------------------------------------------------------------------------------

    /**
     * Exchanges {@code amount} MB (one of {@link #EXCHANGES}) into a data package for the bound phone:
     * the debit and its ledger legs are one transaction with the exchange row (unique by
     * {@code requestKey}), then the order goes to the carrier transaction queue under a key made from the
     * exchange's id, so a repeated request, or the resubmission job after a crash, orders it once.
     */
    public Exchange exchange(String appid, String openid, int amount, String requestKey)
            throws SQLException, RedPacketException {
        String product = EXCHANGES.get(amount);
        if (product == null) {
            throw new RedPacketException(Reason.BAD_INPUT, "可兑换 " + EXCHANGES.keySet() + " MB。");
        }
        checkKey(requestKey);
        String phone = bindings.phoneOf(appid, openid)
                .orElseThrow(() -> new RedPacketException(Reason.UNBOUND, "请先绑定手机号，再兑换流量。"));
        String key = "rp:" + appid + ":" + openid + ":" + requestKey;
        Instant now = Instant.now();
        long id;
        try (Connection c = dataSource.getConnection()) {
            Optional<Long> seen = exchangeByKey(c, key);
            if (seen.isPresent()) {
                return submit(seen.get());
            }
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO rp_exchange (request_key, appid, openid, phone, amount_mb, product_code, created_at)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                        PreparedStatement.RETURN_GENERATED_KEYS)) {
                    ps.setString(1, key);
                    ps.setString(2, appid);
                    ps.setString(3, openid);
                    ps.setString(4, phone);
                    ps.setInt(5, amount);
                    ps.setString(6, product);
                    ps.setTimestamp(7, Timestamp.from(now));
                    ps.executeUpdate();
                    try (ResultSet keys = ps.getGeneratedKeys()) {
                        keys.next();
                        id = keys.getLong(1);
                    }
                } catch (SQLIntegrityConstraintViolationException twice) {
                    c.rollback();
                    return submit(exchangeByKey(c, key).orElseThrow(() -> twice));
                }
                debit(c, appid, openid, amount, now);
                writeLegs(c, appid, Ledger.exchange(id, openid, amount), now);
                c.commit();
            } catch (SQLException | RedPacketException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
        return submit(id);
    }

    /** Submits a stored exchange to the transaction queue (idempotent there by its key). */
    Exchange submit(long exchangeId) throws SQLException {
        String appid;
        String openid;
        String phone;
        int amount;
        String product;
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT appid, openid, phone, amount_mb, product_code FROM rp_exchange WHERE id = ?")) {
            ps.setLong(1, exchangeId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                appid = rs.getString(1);
                openid = rs.getString(2);
                phone = rs.getString(3);
                amount = rs.getInt(4);
                product = rs.getString(5);
            }
        }
        String answer = intake.submit(new TransactionRequest(
                "rp-exchange:" + exchangeId,
                appid,
                openid,
                phone,
                OrderKind.DATA_PACKAGE,
                product,
                0,
                "红包流量兑换 " + amount + "MB"));
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE rp_exchange SET submitted = 1 WHERE id = ?")) {
            ps.setLong(1, exchangeId);
            ps.executeUpdate();
        }
        return new Exchange(exchangeId, amount, product, answer);
    }

    /** Exchanges stored but not (known to be) submitted, older than {@code olderThan}: submitted again. */
    int resubmitExchanges(Instant olderThan) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT id FROM rp_exchange WHERE submitted = 0 AND created_at < ? ORDER BY id LIMIT 200")) {
            ps.setTimestamp(1, Timestamp.from(olderThan));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        for (long id : ids) {
            submit(id);
        }
        return ids.size();
    }

    private static Optional<Long> exchangeByKey(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM rp_exchange WHERE request_key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    // ---- refunds ------------------------------------------------------------------------------------

    /**
     * Refunds every packet still open after its expiry: each in its own transaction, by the conditional
     * resolution O -> R that a last grab (O -> E) excludes, so a packet is refunded at most once and never
     * both emptied and refunded. Returns how many packets were refunded.
     */
    public int refundExpired(int max) throws SQLException {
        Instant now = Instant.now();
        List<Long> due = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT id FROM rp_packet WHERE state = 'O' AND expires_at <= ? ORDER BY expires_at LIMIT ?")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setInt(2, max);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    due.add(rs.getLong(1));
                }
            }
        }
        int done = 0;
        for (long id : due) {
            if (again(() -> refund(id, now))) {
                done++;
            }
        }
        return done;
    }

    private boolean refund(long id, Instant now) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                int won;
                try (PreparedStatement ps = c.prepareStatement("UPDATE rp_packet SET state = 'R', refunded_mb ="
                        + " total_mb - taken_mb, resolved_at = ? WHERE id = ? AND state = 'O' AND expires_at <= ?")) {
                    ps.setTimestamp(1, Timestamp.from(now));
                    ps.setLong(2, id);
                    ps.setTimestamp(3, Timestamp.from(now));
                    won = ps.executeUpdate();
                }
                if (won == 0) {
                    c.rollback();
                    return false;
                }
                Packet p = packet(c, id).orElseThrow();
                if (p.refundedMb() > 0) {
                    writeLegs(c, p.appid(), Ledger.refund(id, p.sender(), p.refundedMb()), now);
                    credit(c, p.appid(), p.sender(), p.refundedMb(), now);
                }
                c.commit();
                closeInGate(c, p.appid(), id, 'R');
                return true;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    // ---- the write helpers of every movement ---------------------------------------------------------

    private static void debit(Connection c, String appid, String openid, long amount, Instant now)
            throws SQLException, RedPacketException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE rp_account SET balance_mb = balance_mb - ?,"
                + " updated_at = ? WHERE appid = ? AND openid = ? AND balance_mb >= ?")) {
            ps.setLong(1, amount);
            ps.setTimestamp(2, Timestamp.from(now));
            ps.setString(3, appid);
            ps.setString(4, openid);
            ps.setLong(5, amount);
            if (ps.executeUpdate() == 0) {
                throw new RedPacketException(Reason.INSUFFICIENT, "流量余额不足 " + amount + " MB。");
            }
        }
    }

    private static void credit(Connection c, String appid, String openid, long amount, Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO rp_account (appid, openid, balance_mb, created_at, updated_at) VALUES (?, ?, ?, ?, ?)"
                        + " ON DUPLICATE KEY UPDATE balance_mb = balance_mb + VALUES(balance_mb),"
                        + " updated_at = VALUES(updated_at)")) {
            ps.setString(1, appid);
            ps.setString(2, openid);
            ps.setLong(3, amount);
            ps.setTimestamp(4, Timestamp.from(now));
            ps.setTimestamp(5, Timestamp.from(now));
            ps.executeUpdate();
        }
    }

    private static void writeLegs(Connection c, String appid, List<Leg> legs, Instant now) throws SQLException {
        java.sql.Date day = java.sql.Date.valueOf(LocalDate.ofInstant(now, ZONE));
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rp_ledger (day, appid, holder, openid, packet_id,"
                + " amount_mb, kind, idem_key, leg, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Leg l : legs) {
                ps.setDate(1, day);
                ps.setString(2, appid);
                ps.setString(3, Character.toString(l.holder().code));
                ps.setString(4, l.openid());
                if (l.packetId() == null) {
                    ps.setNull(5, java.sql.Types.BIGINT);
                } else {
                    ps.setLong(5, l.packetId());
                }
                ps.setLong(6, l.amountMb());
                ps.setString(7, l.kind().name());
                ps.setString(8, l.idemKey());
                ps.setInt(9, l.leg());
                ps.setTimestamp(10, Timestamp.from(now));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static long insertPacket(
            Connection c,
            String appid,
            String sender,
            Kind kind,
            int total,
            int count,
            String greeting,
            String idem,
            Instant now,
            char state)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO rp_packet (appid, sender_openid, kind, total_mb, share_count, state, greeting, idem_key,"
                        + " created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                PreparedStatement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, appid);
            ps.setString(2, sender);
            ps.setString(3, kind.name());
            ps.setInt(4, total);
            ps.setInt(5, count);
            ps.setString(6, Character.toString(state));
            ps.setString(7, greeting);
            ps.setString(8, idem);
            ps.setTimestamp(9, Timestamp.from(now));
            ps.setTimestamp(10, Timestamp.from(now.plus(LIFETIME)));
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private static void insertShares(Connection c, long id, int[] shares) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("INSERT INTO rp_share (packet_id, idx, amount_mb) VALUES (?, ?, ?)")) {
            for (int i = 0; i < shares.length; i++) {
                ps.setLong(1, id);
                ps.setInt(2, i);
                ps.setInt(3, shares[i]);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void insertGrab(Connection c, long id, String openid, String appid, int amount, Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO rp_grab (packet_id, openid, appid, idx, amount_mb, grabbed_at) VALUES (?, ?, ?, 0, ?, ?)")) {
            ps.setLong(1, id);
            ps.setString(2, openid);
            ps.setString(3, appid);
            ps.setInt(4, amount);
            ps.setTimestamp(5, Timestamp.from(now));
            ps.executeUpdate();
        }
    }

    private static Optional<Long> packetIdByKey(Connection c, String idem) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM rp_packet WHERE idem_key = ?")) {
            ps.setString(1, idem);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    private static void checkKey(String requestKey) throws RedPacketException {
        if (requestKey == null || !requestKey.matches("[0-9A-Za-z_-]{4,64}")) {
            throw new RedPacketException(Reason.BAD_INPUT, "请求编号缺失，请刷新页面后重试。");
        }
    }

    private static String clean(String s) {
        if (s == null) {
            return "";
        }
        String t = s.strip().replaceAll("\\p{Cntrl}", "");
        return t.length() > 60 ? t.substring(0, 60) : t;
    }
}
