package org.wxplatform.admin.web;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.time.LocalDate;
import org.wxplatform.log.mail.DailyMailer;
import org.wxplatform.log.mail.DailyMails;
import org.wxplatform.platform.web.ErrorMappers;

/**
 * {@code /api/admin/daily-mails}: the daily log mail of each day and its state; SUPER_ADMIN may send a
 * day's mail now (under the same claim as the scheduled job, so it never goes out twice).
 *
 * <pre>
 * GET  /api/admin/daily-mails?limit=50&amp;after=cursor   {"rows": [{"day", "state", "attempts", ...}], "next"}
 * POST /api/admin/daily-mails/{day}/send              200 {"day", "outcome": "SENT", "attempts"};
 *                                                     409 sent before / being sent / no recipients; 502 SMTP failed
 * </pre>
 */
@Path("/admin/daily-mails")
@Produces(MediaType.APPLICATION_JSON)
public class DailyMailsResource {

    /** A day's mail as the pages show it. */
    @JsonbNillable
    public record MailView(
            String day,
            String state,
            int attempts,
            String claimedBy,
            String claimedAt,
            String sentAt,
            String recipients,
            String lastError) {}

    public record SendView(String day, String outcome, int attempts) {}

    @Inject
    DailyMails mails;

    @GET
    @RolesAllowed({"SUPER_ADMIN", "ADMIN"})
    public Paging.Page<MailView> list(@QueryParam("limit") String limit, @QueryParam("after") String after)
            throws SQLException {
        int n = Paging.limit(limit);
        long cursor = Paging.after(after);
        LocalDate before = cursor == Long.MAX_VALUE ? LocalDate.of(9999, 12, 31) : LocalDate.ofEpochDay(cursor);
        return Paging.page(mails.list(before, n + 1), n, r -> r.day().toEpochDay(), DailyMailsResource::view);
    }

    @POST
    @Path("/{day}/send")
    @RolesAllowed("SUPER_ADMIN")
    public Response send(@PathParam("day") String day) throws SQLException {
        LocalDate d = Paging.day("day", day);
        if (d == null) {
            throw new Paging.BadInput("day", "expected yyyy-MM-dd");
        }
        if (!d.isBefore(LocalDate.now(mails.zone()))) {
            throw new Paging.BadInput("day", "expected a day before today (Beijing time): its figures are not final");
        }
        if (d.getYear() < 2000) {
            throw new Paging.BadInput("day", "expected a day from 2000 on");
        }
        DailyMailer.Result r = mails.sendNow(d);
        return switch (r.outcome()) {
            case SENT -> Response.ok(new SendView(d.toString(), r.outcome().name(), r.attempts()))
                    .build();
            case ALREADY_SENT -> ErrorMappers.error(
                    Response.Status.CONFLICT, "day: the mail of " + d + " was sent already");
            case BUSY -> ErrorMappers.error(
                    Response.Status.CONFLICT, "day: the mail of " + d + " is being sent by another run");
            case NO_RECIPIENTS -> ErrorMappers.error(
                    Response.Status.CONFLICT, "WXP_DAILY_MAIL_TO is empty: the mail has no recipients");
            case FAILED -> ErrorMappers.error(
                    Response.Status.BAD_GATEWAY,
                    "the mail of " + d + " was not sent (attempt " + r.attempts() + "), the job tries again: "
                            + r.error());
        };
    }

    static MailView view(DailyMailer.Row r) {
        return new MailView(
                r.day().toString(),
                r.state(),
                r.attempts(),
                r.claimedBy(),
                Paging.time(r.claimedAt()),
                Paging.time(r.sentAt()),
                r.recipients(),
                r.lastError());
    }
}
