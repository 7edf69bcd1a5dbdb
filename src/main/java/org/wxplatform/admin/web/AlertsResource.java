package org.wxplatform.admin.web;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.wxplatform.platform.alert.AlertBook;
import org.wxplatform.platform.web.ErrorMappers;

/**
 * {@code /api/admin/alerts}: the operators' alerts (queue depth, broker down, token fetch limits ...),
 * listed and downloaded by every admin, acknowledged by SUPER_ADMIN (who and when stays with the alert).
 *
 * <pre>
 * GET  /api/admin/alerts?state=open|acked|all&amp;kind=..&amp;limit=50&amp;after=cursor  {"rows": [...], "next"}
 * GET  /api/admin/alerts/summary                                     {"open": n, "byKind": {...}}
 * GET  /api/admin/alerts.csv?state=..&amp;kind=..
 * POST /api/admin/alerts/{id}/ack                                    200 the row; 404; 409 acked before
 * POST /api/admin/alerts/ack  {"ids": [..]}                          {"acked", "already", "missing"}
 * </pre>
 */
@Path("/admin")
@Produces(MediaType.APPLICATION_JSON)
public class AlertsResource {

    /** An alert as the pages show it (an open one with {@code ackedBy} and {@code ackedAt} null). */
    @JsonbNillable
    public record AlertView(
            long id,
            String kind,
            String subject,
            String detail,
            String node,
            String raisedAt,
            String ackedBy,
            String ackedAt) {}

    static final int MAX_BATCH = 500;
    private static final Pattern KIND = Pattern.compile("[A-Za-z0-9._:-]{1,40}");

    @Inject
    AlertBook alerts;

    @GET
    @Path("/alerts")
    @RolesAllowed({"SUPER_ADMIN", "ADMIN"})
    public Paging.Page<AlertView> list(
            @QueryParam("state") String state,
            @QueryParam("kind") String kind,
            @QueryParam("limit") String limit,
            @QueryParam("after") String after)
            throws SQLException {
        AlertBook.State s = state(state);
        String k = kind(kind);
        int n = Paging.limit(limit);
        long before = Paging.after(after);
        return Paging.page(alerts.list(s, k, before, n + 1), n, AlertBook.Alert::id, AlertsResource::view);
    }

    @GET
    @Path("/alerts/summary")
    @RolesAllowed({"SUPER_ADMIN", "ADMIN"})
    public JsonObject summary() throws SQLException {
        Map<String, Long> byKind = alerts.openByKind();
        JsonObjectBuilder kinds = Json.createObjectBuilder();
        long open = 0;
        for (var e : byKind.entrySet()) {
            kinds.add(e.getKey(), e.getValue());
            open += e.getValue();
        }
        return Json.createObjectBuilder().add("open", open).add("byKind", kinds).build();
    }

    @GET
    @Path("/alerts.csv")
    @RolesAllowed({"SUPER_ADMIN", "ADMIN"})
    public Response csv(@QueryParam("state") String state, @QueryParam("kind") String kind) {
        AlertBook.State s = state(state);
        String k = kind(kind);
        return Csv.download(
                "alerts-" + s.name().toLowerCase(Locale.ROOT) + ".csv",
                List.of("编号", "类型", "对象", "详情", "节点", "产生时间", "确认人", "确认时间"),
                rows -> alerts.each(s, k, Long.MAX_VALUE, Long.MAX_VALUE, a -> {
                    AlertView v = view(a);
                    rows.row(
                            v.id(),
                            v.kind(),
                            v.subject(),
                            v.detail(),
                            v.node(),
                            v.raisedAt(),
                            v.ackedBy(),
                            v.ackedAt());
                }));
    }

    @POST
    @Path("/alerts/{id}/ack")
    @RolesAllowed("SUPER_ADMIN")
    public Response ack(@PathParam("id") String id, @Context SecurityContext security) throws SQLException {
        long alertId = id(id);
        var done = alerts.ack(alertId, operator(security));
        if (done.isEmpty()) {
            return ErrorMappers.error(Response.Status.NOT_FOUND, "no alert " + alertId);
        }
        AlertBook.Alert a = done.get().alert();
        if (!done.get().acknowledged()) {
            return ErrorMappers.error(
                    Response.Status.CONFLICT,
                    "alert " + alertId + " was already acknowledged by " + a.ackedBy() + " at "
                            + Paging.time(a.ackedAt()));
        }
        return Response.ok(view(a)).build();
    }

    @POST
    @Path("/alerts/ack")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("SUPER_ADMIN")
    public JsonObject ackAll(String body, @Context SecurityContext security) throws SQLException {
        List<Long> ids = ids(Paging.jsonObject(body), MAX_BATCH);
        AlertBook.BatchAck done = alerts.ack(ids, operator(security));
        return Json.createObjectBuilder()
                .add("acked", done.acked())
                .add("already", done.already())
                .add("missing", done.missing())
                .build();
    }

    /** The {@code ids} member of a body: 1..{@code max} positive whole numbers. */
    static List<Long> ids(JsonObject body, int max) {
        if (body == null || !(body.get("ids") instanceof JsonArray array)) {
            throw new Paging.BadInput("ids", "expected an array of ids");
        }
        if (array.isEmpty() || array.size() > max) {
            throw new Paging.BadInput("ids", "expected 1 to " + max + " ids, got " + array.size());
        }
        List<Long> out = new ArrayList<>(array.size());
        for (JsonValue v : array) {
            if (!(v instanceof JsonNumber num)
                    || !num.isIntegral()
                    || num.bigDecimalValue().signum() <= 0
                    || num.bigDecimalValue().precision() > 18) {
                throw new Paging.BadInput("ids", "each id must be a positive whole number, got " + v);
            }
            out.add(num.longValueExact());
        }
        return out;
    }

    static long id(String text) {
        try {
            long id = Long.parseLong(text);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new Paging.BadInput("id", "expected a positive whole number");
    }

    static String operator(SecurityContext security) {
        return security.getUserPrincipal() == null
                ? "?"
                : security.getUserPrincipal().getName();
    }

    static AlertBook.State state(String value) {
        if (value == null || value.isBlank()) {
            return AlertBook.State.OPEN;
        }
        switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "open":
                return AlertBook.State.OPEN;
            case "acked":
                return AlertBook.State.ACKED;
            case "all":
                return AlertBook.State.ALL;
            default:
                throw new Paging.BadInput("state", "expected open, acked or all");
        }
    }

    static String kind(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!KIND.matcher(value).matches()) {
            throw new Paging.BadInput("kind", "expected 1 to 40 letters, digits or . _ : -");
        }
        return value;
    }

    static AlertView view(AlertBook.Alert a) {
        return new AlertView(
                a.id(),
                a.kind(),
                a.subject(),
                a.detail(),
                a.node(),
                Paging.time(a.raisedAt()),
                a.ackedBy(),
                Paging.time(a.ackedAt()));
    }
}
