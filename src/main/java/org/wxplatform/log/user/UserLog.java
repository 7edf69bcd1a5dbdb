package org.wxplatform.log.user;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.wxplatform.message.InboundReceived;
import org.wxplatform.message.xml.InboundMessage;
import org.wxplatform.platform.PlatformLifecycle;
import org.wxplatform.platform.config.Settings;

/**
 * User logs (SPEC §7.1): every message and event with its account, openid, type, content and time,
 * in one table per year ({@code user_log_2026} ...) made from {@code user_log_template} when the year's
 * first message arrives. The year is that of the message's CreateTime, so all retries of a message land
 * in one table, where the unique (appid, msg_key) keeps one row per message.
 */
@ApplicationScoped
public class UserLog {

    static final ZoneId ZONE = ZoneId.of(Settings.get("WXP_TIMEZONE", "Asia/Shanghai"));

    @Resource(lookup = PlatformLifecycle.DATASOURCE)
    DataSource dataSource;

    private final Set<Integer> tablesMade = ConcurrentHashMap.newKeySet();

    void onReceived(@Observes InboundReceived received) {
        InboundMessage m = received.message();
        Instant at = Instant.ofEpochSecond(m.createTime());
        int year = at.atZone(ZONE).getYear();
        String table = table(year);
        try (Connection c = dataSource.getConnection()) {
            if (tablesMade.add(year)) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE IF NOT EXISTS " + table + " LIKE user_log_template");
                }
            }
            Optional<MenuClicks.Click> click = MenuClicks.of(m);
            // a menu click is counted in the transaction of its log row, and only with a new row
            c.setAutoCommit(click.isEmpty());
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table
                    + " (appid, openid, kind, type, msg_key, content, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, received.appid());
                ps.setString(2, m.fromUserName());
                ps.setString(3, m instanceof InboundMessage.Event ? "event" : "message");
                ps.setString(4, type(m) + (received.repeated() ? ":repeat" : ""));
                ps.setString(5, m.dedupeKey());
                ps.setString(6, Contents.of(m));
                ps.setTimestamp(7, Timestamp.from(at));
                ps.executeUpdate();
                if (click.isPresent()) {
                    MenuClicks.count(c, received.appid(), at, click.get());
                    c.commit();
                }
            } catch (SQLIntegrityConstraintViolationException alreadyLogged) {
                // a redelivery after a lost claim: the message is logged (and counted) once
                if (click.isPresent()) {
                    c.rollback();
                }
            } catch (SQLException e) {
                if (click.isPresent()) {
                    c.rollback();
                }
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            tablesMade.remove(year);
            throw new IllegalStateException("user log not written: " + e.getMessage(), e);
        }
    }

    /** The table of a year; years are numbers, so the name is never built from input. */
    public static String table(int year) {
        if (year < 2000 || year > 2999) {
            throw new IllegalArgumentException("year out of range: " + year);
        }
        return "user_log_" + year;
    }

    static String type(InboundMessage m) {
        return m instanceof InboundMessage.Event e ? "event:" + e.event() : m.msgType();
    }
}
