package org.wxplatform.admin.web;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.wxplatform.account.AccountService;
import org.wxplatform.account.menu.MenuDraft;
import org.wxplatform.account.menu.MenuService;
import org.wxplatform.account.wechat.MenuButton;
import org.wxplatform.account.wechat.WeChatApiException;
import org.wxplatform.log.user.MenuClicks;
import org.wxplatform.platform.config.Settings;
import org.wxplatform.platform.web.ErrorMappers;

/**
 * {@code /api/admin/accounts/{appid}/menu}: the custom menu (SPEC §6.7). Everyone in the admin reads the
 * draft and the statistics; SUPER_ADMIN saves the draft and publishes it to WeChat. Menus travel in
 * WeChat's own JSON ({@code {"button": [...]}}); every rule of WeChat's is checked before anything is
 * stored, a failure is a 400 naming the field ({@code button[1].sub_button[2].name: at most 60 bytes}).
 *
 * <pre>
 * GET  .../menu          {"draft": menu|null, "updatedBy", "updatedAt", "published": menu|null, "publishedBy",
 *                         "publishedAt", "inSync": bool}
 * PUT  .../menu          body: menu                      → the same as GET
 * POST .../menu/publish  → {"equal": bool, "draft": menu, "wechat": menu|null, "publishedAt"}
 * GET  .../menu/stats?from=yyyy-MM-dd&amp;to=yyyy-MM-dd
 *                        → {"from", "to", "source": "published"|"draft"|"none", "days": [...],
 *                           "buttons": [{"name", "key", "type", "path", "countable", "total", "share",
 *                                        "daily": [n per day], "idle"}]}
 * </pre>
 */
@Path("/admin/accounts/{appid}/menu")
@Produces(MediaType.APPLICATION_JSON)
public class MenusResource {

    static final int MAX_BODY_BYTES = 64 * 1024;
    static final int MAX_DAYS = 366;
    static final ZoneId ZONE = ZoneId.of(Settings.get("WXP_TIMEZONE", "Asia/Shanghai"));

    @Inject
    AccountService accounts;

    @Inject
    MenuService menus;

    @Inject
    MenuClicks clicks;

    @GET
    @RolesAllowed({"SUPER_ADMIN", "ADMIN"})
    public Response get(@PathParam("appid") String appid) {
        return AutoRepliesResource.withAccount(
                accounts, appid, () -> Response.ok(view(menus.find(appid))).build());
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("SUPER_ADMIN")
    public Response put(@PathParam("appid") String appid, String body, @Context SecurityContext caller) {
        return AutoRepliesResource.withAccount(accounts, appid, () -> {
            if (body == null || body.isBlank()) {
                return ErrorMappers.error(
                        Response.Status.BAD_REQUEST, "button: a JSON body {\"button\": [...]} is required");
            }
            if (body.getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
                return ErrorMappers.error(Response.Status.BAD_REQUEST, "body: at most " + MAX_BODY_BYTES + " bytes");
            }
            JsonValue json;
            try {
                json = Json.createReader(new StringReader(body)).readValue();
            } catch (JsonException e) {
                return ErrorMappers.error(Response.Status.BAD_REQUEST, "body: not valid JSON");
            }
            List<MenuButton> draft = MenuDraft.parse(json); // 400 naming the field (IllegalArgumentException)
            menus.saveDraft(appid, draft, user(caller));
            return Response.ok(view(menus.find(appid))).build();
        });
    }

    @POST
    @Path("/publish")
    @RolesAllowed("SUPER_ADMIN")
    public Response publish(@PathParam("appid") String appid, @Context SecurityContext caller) {
        return AutoRepliesResource.withAccount(accounts, appid, () -> {
            MenuService.Published p;
            try {
                p = menus.publish(appid, user(caller));
            } catch (MenuService.NoDraft e) {
                return ErrorMappers.error(Response.Status.CONFLICT, "draft: save a menu draft before publishing");
            } catch (WeChatApiException e) {
                return ErrorMappers.error(
                        Response.Status.BAD_GATEWAY,
                        "WeChat refused the menu: errcode " + e.errcode() + " " + e.errmsg());
            }
            return Response.ok(Json.createObjectBuilder()
                            .add("equal", p.equal())
                            .add("draft", MenuDraft.json(p.draft()))
                            .add("wechat", p.wechat().isEmpty() ? JsonValue.NULL : MenuDraft.json(p.wechat()))
                            .add("publishedAt", at(p.publishedAt()))
                            .build())
                    .build();
        });
    }

    @GET
    @Path("/stats")
    @RolesAllowed({"SUPER_ADMIN", "ADMIN"})
    public Response stats(
            @PathParam("appid") String appid, @QueryParam("from") String from, @QueryParam("to") String to) {
        return AutoRepliesResource.withAccount(accounts, appid, () -> {
            LocalDate today = LocalDate.now(ZONE);
            LocalDate end;
            LocalDate start;
            try {
                end = to == null || to.isBlank() ? today : LocalDate.parse(to.strip());
            } catch (DateTimeParseException e) {
                return ErrorMappers.error(Response.Status.BAD_REQUEST, "to: expected yyyy-MM-dd");
            }
            try {
                start = from == null || from.isBlank()
                        ? end.minusDays(MenuStats.IDLE_DAYS - 1)
                        : LocalDate.parse(from.strip());
            } catch (DateTimeParseException e) {
                return ErrorMappers.error(Response.Status.BAD_REQUEST, "from: expected yyyy-MM-dd");
            }
            if (start.isAfter(end)) {
                return ErrorMappers.error(Response.Status.BAD_REQUEST, "from: after to");
            }
            if (ChronoUnit.DAYS.between(start, end) + 1 > MAX_DAYS) {
                return ErrorMappers.error(Response.Status.BAD_REQUEST, "from: at most " + MAX_DAYS + " days before to");
            }
            Optional<MenuService.MenuState> state = menus.find(appid);
            List<MenuButton> menu = state.map(MenuService.MenuState::inForce).orElse(List.of());
            MenuStats.Stats s =
                    MenuStats.build(menu, start, end, clicks.daily(appid, start, end, MenuStats.clicks(menu)));
            JsonArrayBuilder days = Json.createArrayBuilder();
            s.days().forEach(days::add);
            JsonArrayBuilder buttons = Json.createArrayBuilder();
            for (MenuStats.ButtonStats b : s.buttons()) {
                JsonArrayBuilder daily = Json.createArrayBuilder();
                b.daily().forEach(daily::add);
                JsonObjectBuilder o = Json.createObjectBuilder().add("name", b.name());
                nullable(o, "key", b.key());
                nullable(o, "type", b.type());
                buttons.add(o.add("path", b.path())
                        .add("countable", b.countable())
                        .add("total", b.total())
                        .add("share", b.share())
                        .add("daily", daily)
                        .add("idle", b.idle()));
            }
            String source = state.isEmpty() ? "none" : state.get().published() != null ? "published" : "draft";
            return Response.ok(Json.createObjectBuilder()
                            .add("from", start.toString())
                            .add("to", end.toString())
                            .add("source", source)
                            .add("days", days)
                            .add("buttons", buttons)
                            .build())
                    .build();
        });
    }

    private static JsonObject view(Optional<MenuService.MenuState> state) {
        JsonObjectBuilder o = Json.createObjectBuilder();
        if (state.isEmpty()) {
            return o.addNull("draft")
                    .addNull("updatedBy")
                    .addNull("updatedAt")
                    .addNull("published")
                    .addNull("publishedBy")
                    .addNull("publishedAt")
                    .add("inSync", false)
                    .build();
        }
        MenuService.MenuState s = state.get();
        o.add("draft", MenuDraft.json(s.draft()))
                .add("updatedBy", s.updatedBy())
                .add("updatedAt", at(s.updatedAt()));
        o.add("published", s.published() == null ? JsonValue.NULL : MenuDraft.json(s.published()));
        nullable(o, "publishedBy", s.publishedBy());
        nullable(
                o,
                "publishedAt",
                s.publishedAt() == null ? null : s.publishedAt().toString());
        return o.add("inSync", s.draft().equals(s.published())).build();
    }

    private static void nullable(JsonObjectBuilder o, String name, String value) {
        if (value == null) {
            o.addNull(name);
        } else {
            o.add(name, value);
        }
    }

    /** ISO-8601 with the zone's offset, as the other admin answers give times. */
    private static String at(java.time.Instant instant) {
        return instant.atZone(ZONE).toOffsetDateTime().toString();
    }

    private static String user(SecurityContext caller) {
        return caller.getUserPrincipal() == null
                ? "?"
                : caller.getUserPrincipal().getName();
    }
}
