package org.wxplatform.log.user;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.wxplatform.message.xml.InboundMessage;
import org.wxplatform.platform.PlatformLifecycle;

/**
 * Menu click statistics (SPEC §6.7, thesis 5.2.1): one counter per account, day, event and EventKey in
 * {@code menu_click_daily}. {@link UserLog} counts a click in the same transaction as the message's log
 * row, and only when that row is new, so every message is counted once whatever WeChat's retries or a
 * re-run of a message whose first node died. The day is the event's CreateTime in {@link UserLog#ZONE}.
 */
@ApplicationScoped
public class MenuClicks {

    /** The events a menu button sends (WeChat's spelling), with the button type that sends each. */
    static final Set<String> LOWER_CASE_EVENTS = Set.of(
            "scancode_push", "scancode_waitmsg", "pic_sysphoto", "pic_photo_or_album", "pic_weixin", "location_select");

    /** One counted event: {@code event} is CLICK, VIEW or the lower-case name of the other menu events. */
    public record Click(String event, String key) {}

    /** The clicks of one event and key on one day. */
    public record Daily(LocalDate day, String event, String key, long clicks) {}

    @Resource(lookup = PlatformLifecycle.DATASOURCE)
    DataSource dataSource;

    /** The event a button of this type sends, or empty for a type that sends none. */
    public static Optional<String> eventOf(String buttonType) {
        if (buttonType == null) {
            return Optional.empty();
        }
        return switch (buttonType) {
            case "click" -> Optional.of("CLICK");
            case "view" -> Optional.of("VIEW");
            default -> LOWER_CASE_EVENTS.contains(buttonType) ? Optional.of(buttonType) : Optional.empty();
        };
    }

    /** The menu click a message is, if it is one. */
    static Optional<Click> of(InboundMessage m) {
        if (m instanceof InboundMessage.Click c) {
            return Optional.of(new Click("CLICK", c.eventKey()));
        }
        if (m instanceof InboundMessage.View v) {
            return Optional.of(new Click("VIEW", v.eventKey()));
        }
        if (m instanceof InboundMessage.Unknown u && u.event() != null) {
            String event = u.event().toLowerCase(Locale.ROOT);
            String key = u.fields().get("EventKey");
            if (LOWER_CASE_EVENTS.contains(event) && key != null && !key.isBlank()) {
                return Optional.of(new Click(event, key.strip()));
            }
        }
        return Optional.empty();
    }

    /** Adds one click on the connection of the user log's transaction. */
    static void count(Connection c, String appid, Instant at, Click click) throws SQLException {
        if (click.key().length() > 1024) {
            return; // no menu button has such a key or URL: not one of ours
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO menu_click_daily (appid, day, key_hash, event,"
                + " event_key, clicks) VALUES (?, ?, ?, ?, ?, 1) ON DUPLICATE KEY UPDATE clicks = clicks + 1")) {
            ps.setString(1, appid);
            ps.setDate(2, Date.valueOf(at.atZone(UserLog.ZONE).toLocalDate()));
            ps.setString(3, hash(click));
            ps.setString(4, click.event());
            ps.setString(5, click.key());
            ps.executeUpdate();
        }
    }

    /**
     * The daily counts of these clicks (a menu's buttons: at most 18) from {@code from} to {@code to}
     * inclusive; days without clicks are absent.
     */
    public List<Daily> daily(String appid, LocalDate from, LocalDate to, Collection<Click> clicks) {
        List<Daily> out = new ArrayList<>();
        if (clicks.isEmpty()) {
            return out;
        }
        String marks = String.join(",", java.util.Collections.nCopies(clicks.size(), "?"));
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT day, event, event_key, clicks FROM menu_click_daily"
                        + " WHERE appid = ? AND key_hash IN (" + marks + ") AND day BETWEEN ? AND ?"
                        + " ORDER BY day")) {
            int i = 1;
            ps.setString(i++, appid);
            for (Click click : clicks) {
                ps.setString(i++, hash(click));
            }
            ps.setDate(i++, Date.valueOf(from));
            ps.setDate(i, Date.valueOf(to));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Daily(rs.getDate(1).toLocalDate(), rs.getString(2), rs.getString(3), rs.getLong(4)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("menu clicks not read: " + e.getMessage(), e);
        }
        return out;
    }

    static String hash(Click click) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-1")
                            .digest((click.event() + "\n" + click.key()).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
