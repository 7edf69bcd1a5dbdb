package org.wxplatform.admin.web;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.wxplatform.log.user.UserLogQuery;

/**
 * {@code /api/admin/user-logs}: one account's messages and events (SPEC §6.5, §7.1, §7.5), for operators
 * handling a subscriber's complaint. Everyone in the admin reads and downloads.
 *
 * <pre>
 * GET /api/admin/user-logs?appid=wx..&amp;openid=o..&amp;from=2026-12-01T00:00&amp;to=2026-12-02T00:00&amp;limit=50&amp;after=..
 *     {"rows": [{"id", "appid", "openid", "kind", "type", "content", "createdAt"}], "next": cursor|null}
 * GET /api/admin/user-logs.csv?appid=..&amp;openid=..&amp;from=..&amp;to=..     the whole range as CSV
 * </pre>
 *
 * <p>{@code from} (inclusive) and {@code to} (exclusive) are local times {@code yyyy-MM-dd'T'HH:mm} in
 * the admin's time zone ({@code WXP_TIMEZONE}, Asia/Shanghai), as the admin shows times; they default to
 * the last 24 hours, and a range is at most 200 days (more than the six months kept). Rows are newest
 * first; {@code createdAt} is ISO-8601 with the offset, e.g. {@code 2026-12-01T10:00:00+08:00}.
 */
@Path("/admin")
public class UserLogsResource {

    static final Duration MAX_RANGE = Duration.ofDays(200);
    static final List<String> HEADER = List.of("时间", "公众号", "用户", "方向", "类型", "内容");
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmm");

    /** One log row as operators see it. */
    public record LogView(
            long id, String appid, String openid, String kind, String type, String content, String createdAt) {}

    @Inject
    UserLogQuery logs;

    @GET
    @Path("/user-logs")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({"SUPER_ADMIN", "ADMIN"})
    public Response list(
            @QueryParam("appid") String appid,
            @QueryParam("openid") String openid,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("limit") String limit,
            @QueryParam("after") String after)
            throws SQLException {
        UserLogQuery.Filter filter = filter(appid, openid, from, to);
        int n = Paging.limit(limit);
        String cursor = Lookups.blankToNull(after);
        if (cursor != null) {
            UserLogQuery.checkCursor(cursor);
        }
        UserLogQuery.Page page = logs.page(filter, cursor, n);
        ZoneId zone = Lookups.ZONE;
        List<LogView> rows = page.rows().stream()
                .map(e -> new LogView(
                        e.id(),
                        e.appid(),
                        e.openid(),
                        e.kind(),
                        e.type(),
                        e.content(),
                        Lookups.time(e.createdAt(), zone)))
                .toList();
        return Response.ok(new Lookups.Page<>(rows, page.next())).build();
    }

    @GET
    @Path("/user-logs.csv")
    @RolesAllowed({"SUPER_ADMIN", "ADMIN"})
    public Response csv(
            @QueryParam("appid") String appid,
            @QueryParam("openid") String openid,
            @QueryParam("from") String from,
            @QueryParam("to") String to) {
        UserLogQuery.Filter filter = filter(appid, openid, from, to);
        ZoneId zone = Lookups.ZONE;
        String name = "user-log-" + filter.appid() + "-"
                + FILE_TIME.format(filter.from().atZone(zone)) + "-"
                + FILE_TIME.format(filter.to().atZone(zone)) + ".csv";
        return Csv.download(
                name,
                HEADER,
                rows -> logs.each(
                        filter,
                        e -> rows.row(
                                Lookups.time(e.createdAt(), zone),
                                e.appid(),
                                e.openid(),
                                e.kind(),
                                e.type(),
                                e.content())));
    }

    /** The checked filter; IllegalArgumentException (400) naming the field otherwise. */
    static UserLogQuery.Filter filter(String appid, String openid, String from, String to) {
        String app = Lookups.appid(appid, true);
        String user = Lookups.openid(openid);
        ZoneId zone = Lookups.ZONE;
        Instant start = Lookups.minute("from", from, zone);
        Instant end = Lookups.minute("to", to, zone);
        if (end == null) {
            end = start == null
                    ? Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1)
                    : start.plus(Duration.ofDays(1));
        }
        if (start == null) {
            start = end.minus(Duration.ofDays(1));
        }
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("to: must be after from");
        }
        if (Duration.between(start, end).compareTo(MAX_RANGE) > 0) {
            throw new IllegalArgumentException("to: at most 200 days after from");
        }
        return new UserLogQuery.Filter(app, user, start, end);
    }
}
