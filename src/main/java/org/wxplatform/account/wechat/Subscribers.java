package org.wxplatform.account.wechat;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.wxplatform.message.InboundReceived;
import org.wxplatform.message.xml.InboundMessage;
import org.wxplatform.platform.PlatformLifecycle;

/**
 * Subscribers' profiles in the {@code wx_user} table, the one write path to it. A subscribe event
 * fetches the profile from WeChat in the background (never inside the callback's 5 s); an unsubscribe
 * marks the row. {@link #profile} answers from the table and fetches when the user is not there yet.
 */
@ApplicationScoped
public class Subscribers {

    private static final Logger LOG = Logger.getLogger(Subscribers.class.getName());

    @Resource(lookup = PlatformLifecycle.DATASOURCE)
    DataSource dataSource;

    @Resource
    ManagedExecutorService executor;

    @Inject
    WeChatClient wechat;

    void onReceived(@Observes InboundReceived received) {
        InboundMessage m = received.message();
        String appid = received.appid();
        if (m instanceof InboundMessage.Subscribe) {
            String openid = m.fromUserName();
            try {
                executor.execute(() -> refreshQuietly(appid, openid));
            } catch (RejectedExecutionException e) {
                LOG.warning("profile of " + openid + " not fetched now (busy); fetched on first use");
            }
        } else if (m instanceof InboundMessage.Unsubscribe) {
            markUnsubscribed(appid, m.fromUserName());
        }
    }

    /** The stored profile, or WeChat's (then stored) when there is none yet. */
    public WeChatUser profile(String appid, String openid) throws WeChatApiException {
        Optional<WeChatUser> stored = stored(appid, openid);
        return stored.isPresent() ? stored.get() : refresh(appid, openid);
    }

    /** Fetches the profile from WeChat and stores it. */
    public WeChatUser refresh(String appid, String openid) throws WeChatApiException {
        WeChatUser user = wechat.userInfo(appid, openid);
        store(appid, user);
        return user;
    }

    public Optional<WeChatUser> stored(String appid, String openid) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT openid, subscribed, nickname, sex, language, city,"
                        + " province, country, head_img_url, subscribe_time, unionid, remark, subscribe_scene,"
                        + " qr_scene_str FROM wx_user WHERE appid = ? AND openid = ?")) {
            ps.setString(1, appid);
            ps.setString(2, openid);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new WeChatUser(
                        rs.getString(1),
                        rs.getBoolean(2),
                        rs.getString(3),
                        rs.getInt(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getString(8),
                        rs.getString(9),
                        rs.getLong(10),
                        rs.getString(11),
                        rs.getString(12),
                        rs.getString(13),
                        null,
                        rs.getString(14)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("subscriber not read: " + e.getMessage(), e);
        }
    }

    private void refreshQuietly(String appid, String openid) {
        try {
            refresh(appid, openid);
        } catch (WeChatApiException | RuntimeException e) {
            LOG.warning("profile of " + openid + " (" + appid + ") not fetched: " + e.getMessage());
        }
    }

    private void store(String appid, WeChatUser u) {
        Timestamp now = Timestamp.from(Instant.now());
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO wx_user (appid, openid, subscribed, nickname,"
                        + " sex, language, city, province, country, head_img_url, subscribe_time, unionid, remark,"
                        + " subscribe_scene, qr_scene_str, fetched_at, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        + " ON DUPLICATE KEY UPDATE subscribed = VALUES(subscribed), nickname = VALUES(nickname),"
                        + " sex = VALUES(sex), language = VALUES(language), city = VALUES(city),"
                        + " province = VALUES(province), country = VALUES(country),"
                        + " head_img_url = VALUES(head_img_url), subscribe_time = VALUES(subscribe_time),"
                        + " unionid = VALUES(unionid), remark = VALUES(remark),"
                        + " subscribe_scene = VALUES(subscribe_scene), qr_scene_str = VALUES(qr_scene_str),"
                        + " fetched_at = VALUES(fetched_at), updated_at = VALUES(updated_at)")) {
            ps.setString(1, appid);
            ps.setString(2, u.openid());
            ps.setBoolean(3, u.subscribed());
            ps.setString(4, cut(u.nickname(), 100));
            ps.setInt(5, u.sex());
            ps.setString(6, cut(u.language(), 16));
            ps.setString(7, cut(u.city(), 64));
            ps.setString(8, cut(u.province(), 64));
            ps.setString(9, cut(u.country(), 64));
            ps.setString(10, cut(u.headImgUrl(), 512));
            ps.setLong(11, u.subscribeTime());
            ps.setString(12, cut(u.unionid(), 64));
            ps.setString(13, cut(u.remark(), 64));
            ps.setString(14, cut(u.subscribeScene(), 64));
            ps.setString(15, cut(u.qrSceneStr(), 64));
            ps.setTimestamp(16, now);
            ps.setTimestamp(17, now);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("subscriber not stored: " + e.getMessage(), e);
        }
    }

    private void markUnsubscribed(String appid, String openid) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "UPDATE wx_user SET subscribed = 0, updated_at = ? WHERE appid = ? AND openid = ?")) {
            ps.setTimestamp(1, Timestamp.from(Instant.now()));
            ps.setString(2, appid);
            ps.setString(3, openid);
            ps.executeUpdate();
        } catch (SQLException e) {
            LOG.warning("unsubscribe of " + openid + " not recorded: " + e.getMessage());
        }
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
