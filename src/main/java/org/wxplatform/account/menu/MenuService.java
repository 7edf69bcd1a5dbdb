package org.wxplatform.account.menu;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.wxplatform.account.wechat.MenuButton;
import org.wxplatform.account.wechat.WeChatApiException;
import org.wxplatform.account.wechat.WeChatClient;
import org.wxplatform.platform.PlatformLifecycle;

/**
 * The custom menu of an account (SPEC §6.7): the operators' draft in the database, publishing it to
 * WeChat and reading back what WeChat then holds. The one write path of {@code menu_draft}.
 */
@ApplicationScoped
public class MenuService {

    /**
     * The menu of an account.
     *
     * @param draft the draft, never empty
     * @param published what WeChat held after the last publish (read back), or null
     */
    public record MenuState(
            List<MenuButton> draft,
            String updatedBy,
            Instant updatedAt,
            List<MenuButton> published,
            String publishedBy,
            Instant publishedAt) {

        /** The menu subscribers see: the published one, else the draft. */
        public List<MenuButton> inForce() {
            return published != null ? published : draft;
        }
    }

    /** The outcome of a publish: the draft sent, what WeChat answered when asked, and whether they agree. */
    public record Published(List<MenuButton> draft, List<MenuButton> wechat, boolean equal, Instant publishedAt) {}

    /** There is no draft to publish. */
    public static final class NoDraft extends Exception {
        private static final long serialVersionUID = 1L;

        NoDraft(String appid) {
            super("account " + appid + " has no menu draft", null, false, false);
        }
    }

    @Resource(lookup = PlatformLifecycle.DATASOURCE)
    DataSource dataSource;

    @Inject
    WeChatClient wechat;

    public Optional<MenuState> find(String appid) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT draft_json, updated_by, updated_at, published_json,"
                        + " published_by, published_at FROM menu_draft WHERE appid = ?")) {
            ps.setString(1, appid);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String published = rs.getString(4);
                return Optional.of(new MenuState(
                        read(rs.getString(1)),
                        rs.getString(2),
                        rs.getTimestamp(3).toInstant(),
                        published == null ? null : readHeld(published),
                        rs.getString(5),
                        rs.getTimestamp(6) == null ? null : rs.getTimestamp(6).toInstant()));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("menu not read: " + e.getMessage(), e);
        }
    }

    /** Stores the draft (already checked by {@link MenuDraft#parse}); the published menu stays. */
    public MenuState saveDraft(String appid, List<MenuButton> draft, String user) {
        String json = MenuDraft.json(draft).toString();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO menu_draft (appid, draft_json, updated_by,"
                        + " updated_at) VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE draft_json = VALUES(draft_json),"
                        + " updated_by = VALUES(updated_by), updated_at = VALUES(updated_at)")) {
            ps.setString(1, appid);
            ps.setString(2, json);
            ps.setString(3, user);
            ps.setTimestamp(4, Timestamp.from(now));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("menu draft not stored: " + e.getMessage(), e);
        }
        return find(appid).orElseThrow();
    }

    /**
     * Sends the draft to WeChat ({@code /cgi-bin/menu/create}), then asks WeChat for the menu it holds
     * ({@code /cgi-bin/menu/get}) and records that as the published menu. {@code equal} is false when
     * WeChat holds something else than the draft (it may shorten or drop what it does not take).
     */
    public Published publish(String appid, String user) throws NoDraft, WeChatApiException {
        MenuState state = find(appid).orElseThrow(() -> new NoDraft(appid));
        wechat.createMenu(appid, state.draft());
        List<MenuButton> held = wechat.getMenu(appid);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE menu_draft SET published_json = ?, published_by = ?,"
                        + " published_at = ? WHERE appid = ?")) {
            ps.setString(1, held.isEmpty() ? null : MenuDraft.json(held).toString());
            ps.setString(2, user);
            ps.setTimestamp(3, Timestamp.from(now));
            ps.setString(4, appid);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("published menu not recorded: " + e.getMessage(), e);
        }
        return new Published(state.draft(), held, held.equals(state.draft()), now);
    }

    /**
     * What WeChat held at the last publish. A menu set since on WeChat's own console may use types the
     * editor does not offer; it is then treated as not published by us (the draft is in force) rather than
     * breaking every read of the menu.
     */
    private static List<MenuButton> readHeld(String json) {
        try {
            return read(json);
        } catch (IllegalArgumentException | jakarta.json.JsonException e) {
            return null;
        }
    }

    private static List<MenuButton> read(String json) {
        return MenuDraft.parse(Json.createReader(new StringReader(json)).readValue());
    }
}
