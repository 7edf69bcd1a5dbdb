package org.wxplatform.admin.web;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
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
import java.io.InputStream;
import java.io.StringReader;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.wxplatform.account.wechat.ApiQuota;
import org.wxplatform.business.push.PushRefused;
import org.wxplatform.business.push.PushTemplate;
import org.wxplatform.business.push.PushView;
import org.wxplatform.business.push.Pushes;
import org.wxplatform.platform.web.ErrorMappers;

/**
 * {@code /api/admin/pushes}: template pushes from a file of phone numbers (SPEC §6.3). Reads for ADMIN,
 * writes for SUPER_ADMIN.
 *
 * <pre>
 * GET  /api/admin/pushes/templates?appid=..                  [{templateId, title, content, example, keys, syncedAt}]
 * POST /api/admin/pushes/templates/sync?appid=..             the library from WeChat, then as above
 * GET  /api/admin/pushes/quota?appid=..                      {dailyLimit, used, remain} from WeChat's quota API,
 *                                                             and maxFileBytes, the largest file a push takes
 * POST /api/admin/pushes?appid=..&amp;templateId=..&amp;url=..&amp;mpAppid=..&amp;mpPage=..&amp;data={json}
 *      &amp;columns=thing1,time2&amp;rate=200&amp;fileName=..&amp;mailTo=..   body: the file (txt/csv, UTF-8 or GBK)
 *                                                             201 the push (READY); 400/413 with the reason, nothing kept
 * GET  /api/admin/pushes?appid=..&amp;limit=50                    [push] with live counts
 * GET  /api/admin/pushes/{id}                                the push
 * POST /api/admin/pushes/{id}/start | pause | resume | cancel   the push; 409 in the wrong state
 * GET  /api/admin/pushes/{id}/rejected.csv                   lines not sent to (invalid, duplicate, unbound)
 * GET  /api/admin/pushes/{id}/failures.csv                   targets that failed or whose receipt failed
 * GET  /api/admin/pushes/preview?appid=..&amp;templateId=..&amp;data={json}   {title, text}: the phone's view
 * </pre>
 */
@Path("/admin/pushes")
@Produces(MediaType.APPLICATION_JSON)
public class PushesResource {

    @Inject
    Pushes pushes;

    /** A template as the page shows it. */
    public record TemplateView(
            String templateId, String title, String content, String example, List<String> keys, String syncedAt) {
        static TemplateView of(PushTemplate t) {
            return new TemplateView(t.templateId(), t.title(), t.content(), t.example(), t.keys(), t.syncedAt());
        }
    }

    @GET
    @Path("templates")
    @RolesAllowed({"ADMIN", "SUPER_ADMIN"})
    public Response templates(@QueryParam("appid") String appid) throws SQLException {
        try {
            return Response.ok(pushes.templates(appid).stream()
                            .map(TemplateView::of)
                            .toList())
                    .build();
        } catch (PushRefused e) {
            return refused(e);
        }
    }

    @POST
    @Path("templates/sync")
    @RolesAllowed("SUPER_ADMIN")
    public Response sync(@QueryParam("appid") String appid) throws SQLException {
        try {
            return Response.ok(pushes.syncTemplates(appid).stream()
                            .map(TemplateView::of)
                            .toList())
                    .build();
        } catch (PushRefused e) {
            return refused(e);
        }
    }

    @GET
    @Path("quota")
    @RolesAllowed({"ADMIN", "SUPER_ADMIN"})
    public Response quota(@QueryParam("appid") String appid) {
        try {
            ApiQuota q = pushes.quota(appid);
            return Response.ok(Json.createObjectBuilder()
                            .add("cgiPath", q.cgiPath())
                            .add("dailyLimit", q.dailyLimit())
                            .add("used", q.used())
                            .add("remain", q.remain())
                            .add("maxFileBytes", Pushes.maxFileBytes())
                            .build())
                    .build();
        } catch (PushRefused e) {
            return refused(e);
        }
    }

    @GET
    @Path("preview")
    @RolesAllowed({"ADMIN", "SUPER_ADMIN"})
    public Response preview(
            @QueryParam("appid") String appid,
            @QueryParam("templateId") String templateId,
            @QueryParam("data") String data)
            throws SQLException {
        try {
            Map<String, String> values = data(data);
            PushTemplate t = pushes.templates(appid).stream()
                    .filter(x -> x.templateId().equals(templateId))
                    .findFirst()
                    .orElseThrow(() -> new PushRefused(404, "templateId: not in the library"));
            return Response.ok(Json.createObjectBuilder()
                            .add("title", t.title())
                            .add("text", Pushes.fill(t.content(), values))
                            .build())
                    .build();
        } catch (PushRefused e) {
            return refused(e);
        }
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed("SUPER_ADMIN")
    public Response upload(
            @QueryParam("appid") String appid,
            @QueryParam("templateId") String templateId,
            @QueryParam("url") String url,
            @QueryParam("mpAppid") String mpAppid,
            @QueryParam("mpPage") String mpPage,
            @QueryParam("data") String data,
            @QueryParam("columns") String columns,
            @QueryParam("rate") Integer rate,
            @QueryParam("fileName") String fileName,
            @QueryParam("mailTo") String mailTo,
            @Context HttpServletRequest request,
            @Context SecurityContext security,
            InputStream file)
            throws SQLException {
        try {
            List<String> cols = new ArrayList<>();
            if (columns != null && !columns.isBlank()) {
                for (String c : columns.split(",")) {
                    if (!c.isBlank()) {
                        cols.add(c.strip());
                    }
                }
            }
            if (fileName != null
                    && (fileName.length() > 255 || fileName.codePoints().anyMatch(Character::isISOControl))) {
                throw new PushRefused(400, "fileName: at most 255 characters, one line");
            }
            PushView v = pushes.upload(
                    new Pushes.Draft(
                            appid,
                            templateId,
                            url,
                            mpAppid,
                            mpPage,
                            data(data),
                            cols,
                            rate == null ? 0 : rate,
                            fileName,
                            security.getUserPrincipal().getName(),
                            mailTo),
                    file,
                    // read as a long here: a JAX-RS header parameter takes the length as an int
                    request.getContentLengthLong());
            return Response.status(Response.Status.CREATED).entity(v).build();
        } catch (PushRefused e) {
            return refused(e);
        }
    }

    @GET
    @RolesAllowed({"ADMIN", "SUPER_ADMIN"})
    public List<PushView> list(@QueryParam("appid") String appid, @QueryParam("limit") Integer limit)
            throws SQLException {
        return pushes.list(appid == null || appid.isBlank() ? null : appid, limit == null ? 50 : limit);
    }

    @GET
    @Path("{id:[0-9]{1,18}}")
    @RolesAllowed({"ADMIN", "SUPER_ADMIN"})
    public Response one(@PathParam("id") long id) throws SQLException {
        return pushes.view(id)
                .map(v -> Response.ok(v).build())
                .orElseGet(() -> ErrorMappers.error(Response.Status.NOT_FOUND, "no such push"));
    }

    @POST
    @Path("{id:[0-9]{1,18}}/{action:start|pause|resume|cancel}")
    @RolesAllowed("SUPER_ADMIN")
    public Response act(@PathParam("id") long id, @PathParam("action") String action) throws SQLException {
        try {
            PushView v =
                    switch (action) {
                        case "start" -> pushes.start(id);
                        case "pause" -> pushes.pause(id);
                        case "resume" -> pushes.resume(id);
                        default -> pushes.cancel(id);
                    };
            return Response.ok(v).build();
        } catch (PushRefused e) {
            return refused(e);
        }
    }

    @GET
    @Path("{id:[0-9]{1,18}}/rejected.csv")
    @Produces("text/csv")
    @RolesAllowed({"ADMIN", "SUPER_ADMIN"})
    public Response rejected(@PathParam("id") long id) throws SQLException {
        if (pushes.view(id).isEmpty()) {
            return ErrorMappers.error(Response.Status.NOT_FOUND, "no such push");
        }
        return Csv.download(
                "push-" + id + "-rejected.csv",
                List.of("line", "reason", "content", "detail"),
                rows -> pushes.rejected(id, cells -> rows.row(cells.toArray())));
    }

    @GET
    @Path("{id:[0-9]{1,18}}/failures.csv")
    @Produces("text/csv")
    @RolesAllowed({"ADMIN", "SUPER_ADMIN"})
    public Response failures(@PathParam("id") long id) throws SQLException {
        if (pushes.view(id).isEmpty()) {
            return ErrorMappers.error(Response.Status.NOT_FOUND, "no such push");
        }
        return Csv.download(
                "push-" + id + "-failures.csv",
                List.of("seq", "phone", "openid", "send", "errcode", "errmsg", "receipt", "resent"),
                rows -> pushes.failures(id, cells -> rows.row(cells.toArray())));
    }

    static Map<String, String> data(String json) throws PushRefused {
        Map<String, String> out = new LinkedHashMap<>();
        if (json == null || json.isBlank()) {
            return out;
        }
        JsonObject o;
        try {
            o = Json.createReader(new StringReader(json)).readObject();
        } catch (RuntimeException e) {
            throw new PushRefused(400, "data: a JSON object of field values, e.g. {\"thing1\":\"...\"}");
        }
        for (Map.Entry<String, JsonValue> e : o.entrySet()) {
            if (!(e.getValue() instanceof JsonString s)) {
                throw new PushRefused(400, "data: the value of " + e.getKey() + " must be a string");
            }
            out.put(e.getKey(), s.getString());
        }
        return out;
    }

    /**
     * Before the upload is read: a file that says it is longer than the limit is refused unread, with the
     * reason (the server's front would otherwise cut it off at its own, larger, limit without one).
     */
    @jakarta.ws.rs.ext.Provider
    public static class UploadLimit implements jakarta.ws.rs.container.ContainerRequestFilter {

        @Context
        jakarta.ws.rs.container.ResourceInfo resource;

        @Override
        public void filter(jakarta.ws.rs.container.ContainerRequestContext request) {
            if (resource == null
                    || resource.getResourceClass() != PushesResource.class
                    || !request.getMethod().equals("POST")) {
                return;
            }
            long max = Pushes.maxFileBytes();
            if (request.getLength() > max) {
                request.abortWith(ErrorMappers.error(
                        413,
                        "the file is larger than " + (max >> 20) + " MB (" + request.getLength()
                                + " bytes): split it"));
            }
        }
    }

    static Response refused(PushRefused e) {
        return ErrorMappers.error(e.status(), e.getMessage());
    }
}
