package org.wxplatform.log.user;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.wxplatform.message.route.TextMissed;
import org.wxplatform.platform.PlatformLifecycle;

/**
 * Counts the texts that nothing answered per day (Beijing time, by the message's CreateTime) and account
 * in {@code msg_miss_daily}, for the daily mail: the user log keeps every text but not whether it was
 * answered.
 */
@ApplicationScoped
public class MissCount {

    private static final Logger LOG = Logger.getLogger(MissCount.class.getName());

    @Resource(lookup = PlatformLifecycle.DATASOURCE)
    DataSource dataSource;

    void onMissed(@Observes TextMissed missed) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO msg_miss_daily (day, appid, misses)"
                        + " VALUES (?, ?, 1) ON DUPLICATE KEY UPDATE misses = misses + 1")) {
            ps.setObject(
                    1,
                    Instant.ofEpochSecond(missed.createTime())
                            .atZone(UserLog.ZONE)
                            .toLocalDate());
            ps.setString(2, missed.appid());
            ps.executeUpdate();
        } catch (SQLException e) {
            LOG.warning("miss not counted: " + e.getMessage());
        }
    }
}
