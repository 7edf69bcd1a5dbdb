package org.wxplatform.customerservice.agent;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
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
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.wxplatform.customerservice.AutoReplyEntry;
import org.wxplatform.customerservice.AutoReplyService;
import org.wxplatform.customerservice.ReplyContent;
import org.wxplatform.message.async.KfWindows;
import org.wxplatform.platform.web.ErrorMappers;

/**
 * {@code /api/console}: the agents' console (AGENT, ADMIN, SUPER_ADMIN). Every agent acts as themselves:
 * only the agent holding a session answers, transfers or closes it.
 *
 * <pre>
 * GET  /state                      {"me", "max", "waiting": [chat], "mine": [chat + "allowance"], "agents": [...]}
 * POST /take             {"session": id | null}    → chat (409 when taken by another or you are full)
 * GET  /sessions/{id}/lines?after=N                 → [line] in order (the catch-up after a ring)
 * POST /sessions/{id}/answers {"clientId", "text"}  → 201 {"id"} (the same clientId again: the same id)
 * POST /sessions/{id}/transfer {"to"}                → 204
 * POST /sessions/{id}/close                          → 204
 * GET  /quick-replies?appid=&amp;q=                      → [{"keyword", "text"}] texts of the keyword base
 * PUT  /agents/{username}/max {"max": n}             → 204 (SUPER_ADMIN)
 * </pre>
 */
@Path("/console")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"AGENT", "ADMIN", "SUPER_ADMIN"})
public class ConsoleResource {

    static final int TEXT_MAX_BYTES = 2048;

    @Inject
    AgentSessions sessions;

    @Inject
    AgentChats chats;

    @Inject
    KfWindows windows;

    @Inject
    AutoReplyService autoReplies;

    @GET
    @Path("/state")
    public Response state(@Context SecurityContext caller) throws SQLException {
        String me = me(caller);
        sessions.known(me);
        JsonArrayBuilder waiting = Json.createArrayBuilder();
        Instant now = Instant.now();
        for (AgentSessions.Chat c : sessions.waiting(200)) {
            waiting.add(chat(c, now));
        }
        JsonArrayBuilder mine = Json.createArrayBuilder();
        for (AgentSessions.Chat c : sessions.heldBy(me)) {
            KfWindows.Allowance a = windows.allowance(c.appid(), c.openid());
            JsonObjectBuilder allowance =
                    Json.createObjectBuilder().add("remaining", a.remaining()).add("open", a.open());
            if (a.until() != null) {
                allowance.add("until", a.until().toString());
            }
            mine.add(chat(c, now).add("allowance", allowance));
        }
        JsonArrayBuilder agents = Json.createArrayBuilder();
        for (Map.Entry<String, int[]> a : sessions.agents()) {
            agents.add(Json.createObjectBuilder()
                    .add("username", a.getKey())
                    .add("max", a.getValue()[0])
                    .add("open", a.getValue()[1]));
        }
        return Response.ok(Json.createObjectBuilder()
                        .add("me", me)
                        .add("max", sessions.maxSessions(me))
                        .add("waiting", waiting)
                        .add("mine", mine)
                        .add("agents", agents)
                        .build())
                .build();
    }

    @POST
    @Path("/take")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response take(String body, @Context SecurityContext caller) throws SQLException {
        JsonObject o = body == null || body.isBlank() ? JsonObject.EMPTY_JSON_OBJECT : json(body);
        Long session = null;
        if (o.containsKey("session") && !o.isNull("session")) {
            if (o.get("session").getValueType() != jakarta.json.JsonValue.ValueType.NUMBER) {
                return ErrorMappers.error(400, "session: a session id or null");
            }
            session = o.getJsonNumber("session").longValue();
        }
        try {
            Optional<AgentSessions.Chat> taken = chats.take(me(caller), session);
            return taken.isPresent()
                    ? Response.ok(chat(taken.get(), Instant.now()).build()).build()
                    : ErrorMappers.error(404, "nobody is waiting");
        } catch (AgentChats.Refused e) {
            return ErrorMappers.error(e.status, e.getMessage());
        }
    }

    @GET
    @Path("/sessions/{id}/lines")
    public Response lines(
            @PathParam("id") long id,
            @QueryParam("after") @DefaultValue("0") long after,
            @Context SecurityContext caller)
            throws SQLException {
        Optional<AgentSessions.Chat> chat = sessions.find(id);
        if (chat.isEmpty()) {
            return ErrorMappers.error(404, "no session " + id);
        }
        JsonArrayBuilder out = Json.createArrayBuilder();
        for (AgentSessions.Line l : sessions.lines(id, Math.max(0, after), 500)) {
            JsonObjectBuilder line = Json.createObjectBuilder()
                    .add("id", l.id())
                    .add("direction", String.valueOf(l.direction()))
                    .add("type", l.type())
                    .add("content", l.content())
                    .add("at", l.at().toString());
            if (l.agent() != null) {
                line.add("agent", l.agent());
            }
            if (l.mediaId() != null) {
                line.add("mediaId", l.mediaId());
            }
            if (l.delivery() != null) {
                line.add("delivery", String.valueOf(l.delivery()));
            }
            if (l.error() != null) {
                line.add("error", l.error());
            }
            out.add(line);
        }
        return Response.ok(Json.createObjectBuilder()
                        .add("session", chat(chat.get(), Instant.now()))
                        .add("lines", out)
                        .build())
                .build();
    }

    @POST
    @Path("/sessions/{id}/answers")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response answer(@PathParam("id") long id, String body, @Context SecurityContext caller) throws SQLException {
        JsonObject o = json(body);
        String clientId = o.getString("clientId", "");
        String text = o.getString("text", "");
        if (!clientId.matches("[A-Za-z0-9_-]{1,64}")) {
            return ErrorMappers.error(400, "clientId: 1 to 64 letters, digits, '-' or '_'");
        }
        if (text.isBlank()) {
            return ErrorMappers.error(400, "text: required");
        }
        if (text.getBytes(StandardCharsets.UTF_8).length > TEXT_MAX_BYTES) {
            return ErrorMappers.error(400, "text: at most " + TEXT_MAX_BYTES + " bytes (WeChat's limit)");
        }
        try {
            long line = chats.answer(me(caller), id, clientId, text);
            return Response.status(201)
                    .entity(Json.createObjectBuilder().add("id", line).build())
                    .build();
        } catch (AgentChats.Refused e) {
            return ErrorMappers.error(e.status, e.getMessage());
        }
    }

    @POST
    @Path("/sessions/{id}/transfer")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response transfer(@PathParam("id") long id, String body, @Context SecurityContext caller)
            throws SQLException {
        String to = json(body).getString("to", "").strip().toLowerCase(java.util.Locale.ROOT);
        try {
            chats.transfer(me(caller), id, to);
            return Response.noContent().build();
        } catch (AgentChats.Refused e) {
            return ErrorMappers.error(e.status, e.getMessage());
        }
    }

    @POST
    @Path("/sessions/{id}/close")
    public Response close(@PathParam("id") long id, @Context SecurityContext caller) throws SQLException {
        try {
            chats.close(me(caller), id);
            return Response.noContent().build();
        } catch (AgentChats.Refused e) {
            return ErrorMappers.error(e.status, e.getMessage());
        }
    }

    @GET
    @Path("/quick-replies")
    public Response quickReplies(@QueryParam("appid") String appid, @QueryParam("q") String q) {
        if (appid == null || !appid.matches("wx[0-9a-f]{16}")) {
            return ErrorMappers.error(400, "appid: wx and 16 hex digits");
        }
        JsonArrayBuilder out = Json.createArrayBuilder();
        List<AutoReplyEntry> entries = autoReplies.page(appid, q == null || q.isBlank() ? null : q.strip(), 0, 50);
        for (AutoReplyEntry e : entries) {
            if (e.hidden()) {
                continue;
            }
            for (ReplyContent c : e.contents()) {
                if (c instanceof ReplyContent.Text t) {
                    out.add(Json.createObjectBuilder()
                            .add("keyword", e.keyword())
                            .add("text", t.text()));
                }
            }
        }
        return Response.ok(out.build()).build();
    }

    @PUT
    @Path("/agents/{username}/max")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("SUPER_ADMIN")
    public Response setMax(@PathParam("username") String username, String body) throws SQLException {
        JsonObject o = json(body);
        int max = o.containsKey("max") && o.get("max").getValueType() == jakarta.json.JsonValue.ValueType.NUMBER
                ? o.getInt("max")
                : -1;
        if (max < 1 || max > 100) {
            return ErrorMappers.error(400, "max: a number from 1 to 100");
        }
        sessions.setMaxSessions(username.strip().toLowerCase(java.util.Locale.ROOT), max);
        return Response.noContent().build();
    }

    private static JsonObjectBuilder chat(AgentSessions.Chat c, Instant now) {
        JsonObjectBuilder o = Json.createObjectBuilder()
                .add("id", c.id())
                .add("appid", c.appid())
                .add("openid", c.openid())
                .add("state", String.valueOf(c.state()))
                .add("enteredAt", c.enteredAt().toString())
                .add(
                        "waitSeconds",
                        Math.max(0, now.getEpochSecond() - c.enteredAt().getEpochSecond()))
                .add("messagesIn", c.messagesIn())
                .add("messagesOut", c.messagesOut())
                .add("lastUserAt", c.lastUserAt().toString());
        if (c.agent() != null) {
            o.add("agent", c.agent());
        }
        if (c.takenAt() != null) {
            o.add("takenAt", c.takenAt().toString());
        }
        if (c.busyToldAt() != null) {
            o.add("busyToldAt", c.busyToldAt().toString());
        }
        return o;
    }

    private static JsonObject json(String body) {
        if (body == null || body.isBlank()) {
            throw new IllegalArgumentException("body: a JSON object is required");
        }
        if (body.length() > 16 * 1024) {
            throw new IllegalArgumentException("body: at most 16 KiB");
        }
        try {
            return Json.createReader(new StringReader(body)).readObject();
        } catch (JsonException | IllegalStateException e) {
            throw new IllegalArgumentException("body: not a JSON object");
        }
    }

    private static String me(SecurityContext caller) {
        return caller.getUserPrincipal().getName();
    }
}
