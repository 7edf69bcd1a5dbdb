package org.wxplatform.log.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Sends the mail of a day exactly once across the cluster and across failures. The day's {@code
 * daily_mail} row is claimed (one conditional UPDATE: NEW or FAILED, or SENDING for longer than {@link
 * #TAKE_OVER}, so a node that died mid-send does not hold the day forever) before anything is built;
 * the mail is marked SENT only after the SMTP server accepted it, and a SENT day is never claimed again.
 * A failed send leaves the day FAILED for the next run; from the {@link #ALERT_AFTER}th failed attempt
 * on, each failure raises an alert.
 *
 * <p>The one window left: a node that dies after the SMTP server accepted the mail and before the row
 * says SENT; the day is taken over after 10 minutes and mailed again. That costs a second mail, never a
 * lost one.
 *
 * <p>Plain Java (no container): the CDI side ({@link DailyMails}) and the tests build it with their
 * datasource and mail session.
 */
public final class DailyMailer {

    public static final Duration TAKE_OVER = Duration.ofMinutes(10);
    public static final int ALERT_AFTER = 3;

    private static final Logger LOG = Logger.getLogger(DailyMailer.class.getName());

    /** What an attempt came to. */
    public enum Outcome {
        SENT,
        ALREADY_SENT,
        BUSY,
        FAILED,
        NO_RECIPIENTS
    }

    public record Result(Outcome outcome, int attempts, String error) {}

    /** A day's row, as the admin lists it. */
    public record Row(
            LocalDate day,
            String state,
            int attempts,
            String claimedBy,
            Instant claimedAt,
            Instant sentAt,
            String recipients,
            String lastError) {}

    /** Raises the operators' alert after repeated failures. */
    @FunctionalInterface
    public interface Alarm {
        void failing(LocalDate day, int attempts, String error);
    }

    private final DataSource dataSource;
    private final Session session;
    private final DailyFigures.TokenCounts tokens;
    private final Alarm alarm;
    private final ZoneId zone;
    private final String node;
    private final Clock clock;

    public DailyMailer(
            DataSource dataSource,
            Session session,
            DailyFigures.TokenCounts tokens,
            Alarm alarm,
            ZoneId zone,
            String node,
            Clock clock) {
        this.dataSource = dataSource;
        this.session = session;
        this.tokens = tokens;
        this.alarm = alarm;
        this.zone = zone;
        this.node = node;
        this.clock = clock;
    }

    /** The addresses of {@code WXP_DAILY_MAIL_TO}: comma-separated; blank entries ignored. */
    public static List<InternetAddress> recipients(String setting) {
        List<InternetAddress> out = new ArrayList<>();
        if (setting == null) {
            return out;
        }
        for (String part : setting.split(",")) {
            if (!part.isBlank()) {
                try {
                    out.add(new InternetAddress(part.strip(), true));
                } catch (AddressException e) {
                    throw new IllegalArgumentException("WXP_DAILY_MAIL_TO: not a mail address: " + part.strip());
                }
            }
        }
        return out;
    }

    /**
     * The days a run at {@code now} sends or retries: yesterday once the mail hour has come (the day
     * before yesterday until then), and every day of the week before it that is not yet SENT.
     */
    public List<LocalDate> due(int hour) throws SQLException {
        ZonedDateTime now = clock.instant().atZone(zone);
        LocalDate latest = now.toLocalDate().minusDays(now.getHour() >= hour ? 1 : 2);
        List<LocalDate> days = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT day FROM daily_mail"
                        + " WHERE day >= ? AND day < ? AND state <> 'SENT' ORDER BY day")) {
            ps.setObject(1, latest.minusDays(7));
            ps.setObject(2, latest);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    days.add(rs.getObject(1, LocalDate.class));
                }
            }
        }
        days.add(latest);
        return days;
    }

    /** Claims, builds and sends the mail of {@code day} unless it was sent or is being sent elsewhere. */
    public Result send(LocalDate day, List<InternetAddress> to) throws SQLException {
        if (to.isEmpty()) {
            return new Result(Outcome.NO_RECIPIENTS, 0, null);
        }
        String claim = node + "/" + UUID.randomUUID();
        Instant now = clock.instant();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps =
                    c.prepareStatement("INSERT IGNORE INTO daily_mail (day, state, attempts) VALUES (?, 'NEW', 0)")) {
                ps.setObject(1, day);
                ps.executeUpdate();
            }
            int claimed;
            try (PreparedStatement ps = c.prepareStatement("UPDATE daily_mail SET state = 'SENDING', claimed_by = ?,"
                    + " claimed_at = ?, attempts = attempts + 1 WHERE day = ? AND (state IN ('NEW', 'FAILED')"
                    + " OR (state = 'SENDING' AND claimed_at < ?))")) {
                ps.setString(1, claim);
                ps.setTimestamp(2, Timestamp.from(now));
                ps.setObject(3, day);
                ps.setTimestamp(4, Timestamp.from(now.minus(TAKE_OVER)));
                claimed = ps.executeUpdate();
            }
            Row row = find(c, day);
            if (claimed == 0) {
                return new Result(
                        "SENT".equals(row.state()) ? Outcome.ALREADY_SENT : Outcome.BUSY, row.attempts(), null);
            }
            String error;
            try {
                DailyFigures figures = DailyFigures.collect(dataSource, day, zone, tokens);
                Transport.send(DailyMailRender.message(session, figures, to));
                try (PreparedStatement ps = c.prepareStatement("UPDATE daily_mail SET state = 'SENT', sent_at = ?,"
                        + " recipients = ?, last_error = NULL WHERE day = ? AND claimed_by = ?")) {
                    ps.setTimestamp(1, Timestamp.from(clock.instant()));
                    ps.setString(
                            2,
                            truncate(
                                    String.join(
                                            ",",
                                            to.stream()
                                                    .map(InternetAddress::getAddress)
                                                    .toList()),
                                    1000));
                    ps.setObject(3, day);
                    ps.setString(4, claim);
                    if (ps.executeUpdate() == 0) {
                        LOG.warning("daily mail " + day + " sent, but its claim was taken over meanwhile");
                    }
                }
                LOG.info("daily mail " + day + " sent to " + to.size() + " recipient(s)");
                return new Result(Outcome.SENT, row.attempts(), null);
            } catch (MessagingException | SQLException | RuntimeException e) {
                error = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE daily_mail SET state = 'FAILED', last_error = ?"
                    + " WHERE day = ? AND claimed_by = ? AND state = 'SENDING'")) {
                ps.setString(1, truncate(error, 1000));
                ps.setObject(2, day);
                ps.setString(3, claim);
                ps.executeUpdate();
            }
            LOG.warning("daily mail " + day + " not sent (attempt " + row.attempts() + "): " + error);
            if (row.attempts() >= ALERT_AFTER && alarm != null) {
                alarm.failing(day, row.attempts(), error);
            }
            return new Result(Outcome.FAILED, row.attempts(), error);
        }
    }

    /** Rows newest first, days before {@code before} (exclusive), at most {@code limit}. */
    public List<Row> list(LocalDate before, int limit) throws SQLException {
        List<Row> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT day, state, attempts, claimed_by, claimed_at, sent_at, recipients,"
                                + " last_error FROM daily_mail WHERE day < ? ORDER BY day DESC LIMIT ?")) {
            ps.setObject(1, before);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
        }
        return out;
    }

    private static Row find(Connection c, LocalDate day) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT day, state, attempts, claimed_by, claimed_at, sent_at,"
                + " recipients, last_error FROM daily_mail WHERE day = ?")) {
            ps.setObject(1, day);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("daily_mail row of " + day + " vanished");
                }
                return row(rs);
            }
        }
    }

    private static Row row(ResultSet rs) throws SQLException {
        Timestamp claimedAt = rs.getTimestamp(5);
        Timestamp sentAt = rs.getTimestamp(6);
        return new Row(
                rs.getObject(1, LocalDate.class),
                rs.getString(2),
                rs.getInt(3),
                rs.getString(4),
                claimedAt == null ? null : claimedAt.toInstant(),
                sentAt == null ? null : sentAt.toInstant(),
                rs.getString(7),
                rs.getString(8));
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
