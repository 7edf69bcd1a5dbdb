package org.wxplatform.log.user;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.List;
import java.util.logging.Logger;
import org.wxplatform.message.InboundReceived;
import org.wxplatform.message.xml.InboundMessage;
import org.wxplatform.platform.config.Settings;
import redis.clients.jedis.exceptions.JedisException;

/**
 * User logs (SPEC §7.1): every message and event with its account, openid, type, content and time,
 * in one table per year ({@code user_log_2026} ...) made from {@code user_log_template} when the year's
 * first message arrives. The year is that of the message's CreateTime, so all retries of a message land
 * in one table, where the unique (appid, msg_key) keeps one row per message.
 *
 * <p>Off the callback's path: the row is appended to a Redis stream and written by the batch writer
 * of {@link UserLogStream} moments later ({@code WXP_USER_LOG_WRITE_BEHIND=false} writes it in the
 * callback, as does a callback that cannot reach Redis). A menu click is counted in the transaction of
 * its row, and only with a new row ({@link UserLogWriter}).
 */
@ApplicationScoped
public class UserLog {

    static final ZoneId ZONE = ZoneId.of(Settings.get("WXP_TIMEZONE", "Asia/Shanghai"));

    private static final Logger LOG = Logger.getLogger(UserLog.class.getName());

    @Inject
    UserLogWriter writer;

    @Inject
    UserLogStream stream;

    private final boolean writeBehind = UserLogStream.enabled();

    void onReceived(@Observes InboundReceived received) {
        UserLogRow row = UserLogRow.of(received);
        if (writeBehind) {
            try {
                stream.append(row);
                return;
            } catch (JedisException e) {
                LOG.fine("user log written directly (Redis): " + e.getMessage());
            }
        }
        try {
            writer.write(List.of(row));
        } catch (SQLException e) {
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
