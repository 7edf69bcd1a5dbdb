package org.wxplatform.admin.web;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
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
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import org.wxplatform.platform.rabbit.DeadLetters;
import org.wxplatform.platform.web.ErrorMappers;

/**
 * {@code /api/admin/dead-letters}: queue messages taken out of their queue after failing (SPEC §10), with
 * their error, for operators; SUPER_ADMIN puts one back into its queue once the cause is fixed.
 *
 * <pre>
 * GET  /api/admin/dead-letters?queue=wxp.tx.3&amp;limit=100
 * POST /api/admin/dead-letters/{id}/requeue     (202; 409 when already put back)
 * </pre>
 */
@Path("/admin/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
public class DeadLettersResource {

    /** What an operator sees (the body as text, at most 2,000 characters). */
    public record LetterView(
            long id,
            String queue,
            String messageId,
            String body,
            String error,
            int failures,
            String node,
            String createdAt,
            String requeuedAt,
            String requeuedBy) {}

    @Inject
    DeadLetters deadLetters;

    @GET
    @RolesAllowed({"SUPER_ADMIN", "ADMIN"})
    public Response list(@QueryParam("queue") String queue, @QueryParam("limit") Integer limit) throws SQLException {
        int n = limit == null ? 100 : limit;
        if (n < 1 || n > 1000) {
            return ErrorMappers.error(Response.Status.BAD_REQUEST, "limit must be 1..1000");
        }
        if (queue != null && (queue.isBlank() || queue.length() > 100)) {
            return ErrorMappers.error(Response.Status.BAD_REQUEST, "queue must be 1..100 characters");
        }
        List<LetterView> out = deadLetters.list(queue, n).stream()
                .map(DeadLettersResource::view)
                .toList();
        return Response.ok(out).build();
    }

    @POST
    @Path("/{id}/requeue")
    @RolesAllowed("SUPER_ADMIN")
    public Response requeue(@PathParam("id") long id, @Context SecurityContext security)
            throws SQLException, IOException {
        if (deadLetters.find(id).isEmpty()) {
            return ErrorMappers.error(Response.Status.NOT_FOUND, "no dead letter " + id);
        }
        String operator = security.getUserPrincipal() == null
                ? "?"
                : security.getUserPrincipal().getName();
        if (!deadLetters.requeue(id, operator)) {
            return ErrorMappers.error(Response.Status.CONFLICT, "dead letter " + id + " was already put back");
        }
        return Response.accepted(view(deadLetters.find(id).orElseThrow())).build();
    }

    static LetterView view(DeadLetters.Letter l) {
        String body = l.body().length() > 2000 ? l.body().substring(0, 2000) + "…" : l.body();
        return new LetterView(
                l.id(),
                l.queue(),
                l.messageId(),
                body,
                l.error(),
                l.failures(),
                l.node(),
                l.createdAt().toString(),
                l.requeuedAt() == null ? null : l.requeuedAt().toString(),
                l.requeuedBy());
    }

    /** {@code GET /api/admin/dead-letters.csv}: the latest 10,000 dead letters as CSV. */
    @Path("/admin/dead-letters.csv")
    public static class Download {

        @Inject
        DeadLetters deadLetters;

        @GET
        @Produces("text/csv")
        @RolesAllowed({"SUPER_ADMIN", "ADMIN"})
        public Response csv() throws SQLException {
            List<LetterView> list = deadLetters.list(null, 10_000).stream()
                    .map(DeadLettersResource::view)
                    .toList();
            return Csv.download(
                    "dead-letters.csv",
                    List.of("编号", "队列", "消息", "内容", "错误", "失败次数", "节点", "时间", "重新入队时间", "重新入队人"),
                    rows -> {
                        for (LetterView l : list) {
                            rows.row(
                                    l.id(),
                                    l.queue(),
                                    l.messageId(),
                                    l.body(),
                                    l.error(),
                                    l.failures(),
                                    l.node(),
                                    l.createdAt(),
                                    l.requeuedAt(),
                                    l.requeuedBy());
                        }
                    });
        }
    }
}
