package org.wxplatform.customerservice.stats;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.wxplatform.customerservice.agent.QuestionAsked;
import org.wxplatform.message.route.TextMissed;
import org.wxplatform.platform.PlatformLifecycle;
import org.wxplatform.platform.config.Settings;

/**
 * Question-frequency statistics (SPEC §4.3): counts subscribers' texts per account, day (Beijing time, by
 * the message's CreateTime) and normalised text ({@link QuestionText}) in {@code cs_question_daily}, from
 * the auto-reply's misses ({@link TextMissed}) and the texts of chat sessions with the agents
 * ({@link QuestionAsked}). Both events fire once per message after the exactly-once section of message
 * handling, so one upsert per event counts each message once; a WeChat retry fires nothing.
 *
 * <p>A count that cannot be written (database down) is lost and logged: the statistics never stop a
 * subscriber's reply.
 */
@ApplicationScoped
public class QuestionStats {

    /** The zone whose calendar days the statistics count in ({@code WXP_TIMEZONE}, Asia/Shanghai). */
    public static final ZoneId ZONE = ZoneId.of(Settings.get("WXP_TIMEZONE", "Asia/Shanghai"));

    /** The longest original text kept as a question's sample. */
    static final int MAX_SAMPLE = 512;

    private static final Logger LOG = Logger.getLogger(QuestionStats.class.getName());

    /** Where a counted text came from. */
    public enum Source {
        /** The auto-reply had no answer (the subscriber got the miss hint). */
        MISS,
        /** A text in a chat session with the agents. */
        SESSION
    }

    /** One question over a range of days: its normal form, one original text and its counts. */
    public record Frequency(String normalized, String sample, long misses, long asked) {
        public long total() {
            return misses + asked;
        }
    }

    @Resource(lookup = PlatformLifecycle.DATASOURCE)
    DataSource dataSource;

    void onMissed(@Observes TextMissed missed) {
        countQuietly(missed.appid(), missed.text(), missed.createTime(), Source.MISS);
    }

    void onAsked(@Observes QuestionAsked asked) {
        countQuietly(asked.appid(), asked.text(), asked.createTime(), Source.SESSION);
    }

    private void countQuietly(String appid, String text, long createTime, Source source) {
        try {
            count(appid, text, createTime, source);
        } catch (SQLException | RuntimeException e) {
            LOG.warning("question not counted (" + source + ", " + appid + "): " + e.getMessage());
        }
    }

    /**
     * Counts one text; a text with nothing countable in it (only punctuation or spaces) is not counted.
     *
     * @return whether it was counted
     */
    public boolean count(String appid, String text, long createTime, Source source) throws SQLException {
        if (appid == null || appid.isBlank()) {
            throw new IllegalArgumentException("appid: required");
        }
        String normalized = QuestionText.normalize(text);
        if (normalized.isEmpty()) {
            return false;
        }
        LocalDate day = Instant.ofEpochSecond(createTime).atZone(ZONE).toLocalDate();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO cs_question_daily"
                        + " (appid, day, question_key, normalized, sample, misses, asked, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                        + " ON DUPLICATE KEY UPDATE misses = misses + VALUES(misses), asked = asked + VALUES(asked),"
                        + " updated_at = VALUES(updated_at)")) {
            ps.setString(1, appid);
            ps.setDate(2, Date.valueOf(day));
            ps.setString(3, QuestionText.key(normalized));
            ps.setString(4, normalized);
            ps.setString(5, sample(text));
            ps.setInt(6, source == Source.MISS ? 1 : 0);
            ps.setInt(7, source == Source.SESSION ? 1 : 0);
            ps.setTimestamp(8, Timestamp.from(Instant.now()));
            ps.executeUpdate();
        }
        return true;
    }

    /**
     * The {@code limit} most frequent questions of an account from {@code from} to {@code to} (both
     * inclusive), most frequent first (misses and session texts together; ties by misses, then by text).
     */
    public List<Frequency> top(String appid, LocalDate from, LocalDate to, int limit) throws SQLException {
        List<Frequency> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT MAX(normalized), MIN(sample), SUM(misses), SUM(asked)"
                        + " FROM cs_question_daily WHERE appid = ? AND day >= ? AND day <= ?"
                        + " GROUP BY question_key"
                        + " ORDER BY SUM(misses) + SUM(asked) DESC, SUM(misses) DESC, MAX(normalized)"
                        + " LIMIT ?")) {
            ps.setString(1, appid);
            ps.setDate(2, Date.valueOf(from));
            ps.setDate(3, Date.valueOf(to));
            ps.setInt(4, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Frequency(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)));
                }
            }
        }
        return out;
    }

    static String sample(String text) {
        String s = text.strip();
        if (s.length() <= MAX_SAMPLE) {
            return s;
        }
        int end = MAX_SAMPLE;
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }
}
