package org.wxplatform.admin.web;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.wxplatform.customerservice.records.AgentFigures;
import org.wxplatform.customerservice.records.SessionFilter;
import org.wxplatform.customerservice.records.SessionMessage;
import org.wxplatform.customerservice.records.SessionRecord;
import org.wxplatform.customerservice.records.SessionRecords;
import org.wxplatform.customerservice.stats.QuestionStats;
import org.wxplatform.platform.web.ErrorMappers;

/**
 * {@code /api/admin/service}: the records of human customer service and the question statistics (SPEC
 * §4.3). Everyone in the admin reads and downloads.
 *
 * <pre>
 * GET /api/admin/service/sessions?appid=wx..&amp;agent=..&amp;openid=..&amp;day=2026-12-01&amp;state=waiting|active|closed
 *                                &amp;limit=50&amp;after=cursor        {"rows": [...], "next": cursor|null}
 * GET /api/admin/service/sessions.csv?(the same filters)
 * GET /api/admin/service/sessions/{id}                          {"session": {...}, "messages": [...]}
 * GET /api/admin/service/agents?appid=..&amp;from=2026-12-01&amp;to=2026-12-07     {"from", "to", "rows": [...]}
 * GET /api/admin/service/agents.csv?(the same)
 * GET /api/admin/service/questions?appid=wx..&amp;from=..&amp;to=..&amp;limit=20    {"from", "to", "rows": [...]}
 * GET /api/admin/service/questions.csv?(the same)
 * </pre>
 *
 * <p>Days are calendar days in the admin's zone (Asia/Shanghai); {@code from} and {@code to} are both
 * included, default to the last 7 days up to today, and span at most 366 days. Waits and handling times
 * are in seconds. A session's day is the day the subscriber asked for a human.
 */
@Path("/admin/service")
@Produces(MediaType.APPLICATION_JSON)
public class ServiceRecordsResource {

    static final int MAX_RANGE_DAYS = 366;
    static final int MAX_TRANSCRIPT = 5000;
    static final int MAX_TOP = 500;
    private static final Pattern AGENT = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    /** A session as the records list shows it. */
    public record SessionView(
            long id,
            String appid,
            String openid,
            String state,
            String agent,
            String enteredAt,
            String takenAt,
            String closedAt,
            String closedBy,
            Long waitSeconds,
            Long handlingSeconds,
            int messagesIn,
            int messagesOut,
            int transfers) {}

    /** One message of a transcript. */
    public record MessageView(
            long id,
            String direction,
            String type,
            String content,
            String mediaId,
            String agent,
            String createdAt,
            String delivery,
            String error) {}

    public record Transcript(SessionView session, List<MessageView> messages) {}

    /** An agent's figures, the means rounded to whole seconds (null without any session to average). */
    public record AgentView(
            String agent,
            long sessions,
            long closed,
            Long meanWaitSeconds,
            Long meanHandlingSeconds,
            long messagesIn,
            long messagesOut) {}

    public record Agents(String from, String to, List<AgentView> rows) {}

    public record QuestionView(String normalized, String sample, long misses, long asked, long total) {}

    public record Questions(String appid, String from, String to, List<QuestionView> rows) {}

    /** A checked range of days, both included. */
    record Days(LocalDate from, LocalDate to) {}

    @Inject
    SessionRecords records;

    @Inject
    QuestionStats questions;

    @GET
    @Path("/sessions")
    @RolesAllowed({"SUPER_ADMIN", "ADMIN"})
    public Paging.Page<SessionView> sessions(
            @QueryParam("appid") String appid,
            @QueryParam("agent") String agent,
            @QueryParam("openid") String openid,
            @QueryParam("day") String day,
            @QueryParam("state") String state,
            @QueryParam("limit") String limit,
            @QueryParam("after") String after)
            throws SQLException {
        SessionFilter filter = filter(appid, agent, openid, day, state);
        int n = Paging.limit(limit);
        long before = Paging.after(after);
        return Paging.page(records.list(filter, before, n + 1), n, SessionRecord::id, ServiceRecordsResource::view);
    }

    @GET
    @Path("/sessions.csv")
    @RolesAllowed({"SUPER_ADMIN", "ADMIN"})
    public Response sessionsCsv(
            @QueryParam("appid") String appid,
            @QueryParam("agent") String agent,
            @QueryParam("openid") String openid,
            @QueryParam("day") String day,
            @QueryParam("state") String state) {
        SessionFilter filter = filter(appid, agent, openid, day, state);
        return Csv.download(
                "service-sessions" + (day == null || day.isBlank() ? "" : "-" + day.strip()) + ".csv",
                List.of(
                        "编号", "公众号", "用户", "状态", "客服", "进入时间", "接入时间", "结束时间", "结束方", "等待(秒)", "处理(秒)", "用户消息", "客服消息",
                        "转接次数"),
                rows -> records.each(filter, s -> {
                    SessionView v = view(s);
                    rows.row(
                            v.id(),
                            v.appid(),
                            v.openid(),
                            v.state(),
                            v.agent(),
                            v.enteredAt(),
                            v.takenAt(),
                            v.closedAt(),
                            v.closedBy(),
                            v.waitSeconds(),
                            v.handlingSeconds(),
                            v.messagesIn(),
                            v.messagesOut(),
                            v.transfers());
                }));
    }

    @GET
    @Path("/sessions/{id}")
    @RolesAllowed({"SUPER_ADMIN", "ADMIN"})
    public Response transcript(@PathParam("id") String id) throws SQLException {
        long sessionId = AlertsResource.id(id);
        var found = records.find(sessionId);
        if (found.isEmpty()) {
            return ErrorMappers.error(Response.Status.NOT_FOUND, "no session " + sessionId);
        }
        List<MessageView> messages = records.transcript(sessionId, MAX_TRANSCRIPT).stream()
                .map(ServiceRecordsResource::view)
                .toList();
        return Response.ok(new Transcript(view(found.get()), messages)).build();
    }

    @GET
    @Path("/agents")
    @RolesAllowed({"SUPER_ADMIN", "ADMIN"})
    public Agents agents(
            @QueryParam("appid") String appid, @QueryParam("from") String from, @QueryParam("to") String to)
            throws SQLException {
        String app = Lookups.appid(appid, false);
        Days days = days(from, to);
        List<AgentView> rows =
                figures(app, days).stream().map(ServiceRecordsResource::view).toList();
        return new Agents(days.from().toString(), days.to().toString(), rows);
    }

    @GET
    @Path("/agents.csv")
    @RolesAllowed({"SUPER_ADMIN", "ADMIN"})
    public Response agentsCsv(
            @QueryParam("appid") String appid, @QueryParam("from") String from, @QueryParam("to") String to) {
        String app = Lookups.appid(appid, false);
        Days days = days(from, to);
        return Csv.download(
                "service-agents-" + days.from() + "-" + days.to() + ".csv",
                List.of("客服", "接待会话", "已结束", "平均等待(秒)", "平均处理(秒)", "用户消息", "客服消息"),
                rows -> {
                    for (AgentFigures f : figures(app, days)) {
                        AgentView v = view(f);
                        rows.row(
                                v.agent(),
                                v.sessions(),
                                v.closed(),
                                v.meanWaitSeconds(),
                                v.meanHandlingSeconds(),
                                v.messagesIn(),
                                v.messagesOut());
                    }
                });
    }

    @GET
    @Path("/questions")
    @RolesAllowed({"SUPER_ADMIN", "ADMIN"})
    public Questions questions(
            @QueryParam("appid") String appid,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("limit") String limit)
            throws SQLException {
        String app = Lookups.appid(appid, true);
        Days days = days(from, to);
        int n = top(limit);
        List<QuestionView> rows = questions.top(app, days.from(), days.to(), n).stream()
                .map(ServiceRecordsResource::view)
                .toList();
        return new Questions(app, days.from().toString(), days.to().toString(), rows);
    }

    @GET
    @Path("/questions.csv")
    @RolesAllowed({"SUPER_ADMIN", "ADMIN"})
    public Response questionsCsv(
            @QueryParam("appid") String appid,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("limit") String limit) {
        String app = Lookups.appid(appid, true);
        Days days = days(from, to);
        int n = top(limit);
        return Csv.download(
                "questions-" + app + "-" + days.from() + "-" + days.to() + ".csv",
                List.of("问题", "归一化", "未命中次数", "会话中次数", "合计"),
                rows -> {
                    for (QuestionStats.Frequency f : questions.top(app, days.from(), days.to(), n)) {
                        rows.row(f.sample(), f.normalized(), f.misses(), f.asked(), f.total());
                    }
                });
    }

    private List<AgentFigures> figures(String appid, Days days) throws SQLException {
        return records.agents(
                appid, Paging.startOf(days.from()), Paging.startOf(days.to().plusDays(1)));
    }

    /** The filter of the query parameters; a 400 naming the parameter for a bad one. */
    static SessionFilter filter(String appid, String agent, String openid, String day, String state) {
        String app = Lookups.appid(appid, false);
        String who = Paging.text("agent", agent, 64);
        if (who != null && !AGENT.matcher(who).matches()) {
            throw new Paging.BadInput("agent", "expected an agent's username (letters, digits, . _ @ -)");
        }
        String user = Lookups.openid(openid);
        Character code = null;
        String s = Lookups.blankToNull(state);
        if (s != null) {
            code = stateCode(s);
            if (code == null) {
                throw new Paging.BadInput("state", "expected one of waiting, active, closed");
            }
        }
        LocalDate d = Paging.day("day", day);
        return new SessionFilter(
                app,
                who,
                user,
                code,
                d == null ? null : Paging.startOf(d),
                d == null ? null : Paging.startOf(d.plusDays(1)));
    }

    static Days days(String from, String to) {
        LocalDate end = Paging.day("to", to);
        LocalDate start = Paging.day("from", from);
        if (end == null) {
            end = start == null ? LocalDate.now(Paging.ZONE) : start.plusDays(6);
        }
        if (start == null) {
            start = end.minusDays(6);
        }
        if (start.isAfter(end)) {
            throw new Paging.BadInput("to", "must not be before from");
        }
        if (ChronoUnit.DAYS.between(start, end) >= MAX_RANGE_DAYS) {
            throw new Paging.BadInput("to", "at most " + MAX_RANGE_DAYS + " days from from");
        }
        return new Days(start, end);
    }

    static int top(String value) {
        if (value == null || value.isBlank()) {
            return 20;
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= 1 && n <= MAX_TOP) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new Paging.BadInput("limit", "expected a whole number 1.." + MAX_TOP);
    }

    static Character stateCode(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "waiting":
                return 'W';
            case "active":
                return 'A';
            case "closed":
                return 'C';
            default:
                return null;
        }
    }

    static String stateName(char code) {
        switch (code) {
            case 'W':
                return "waiting";
            case 'A':
                return "active";
            case 'C':
                return "closed";
            default:
                return String.valueOf(code);
        }
    }

    static SessionView view(SessionRecord s) {
        Duration waited = s.waited();
        Duration handled = s.handled();
        return new SessionView(
                s.id(),
                s.appid(),
                s.openid(),
                stateName(s.state()),
                s.agent(),
                Paging.time(s.enteredAt()),
                Paging.time(s.takenAt()),
                Paging.time(s.closedAt()),
                s.closedBy(),
                waited == null ? null : waited.toSeconds(),
                handled == null ? null : handled.toSeconds(),
                s.messagesIn(),
                s.messagesOut(),
                s.transfers());
    }

    static MessageView view(SessionMessage m) {
        String direction =
                switch (m.direction()) {
                    case 'I' -> "in";
                    case 'O' -> "out";
                    case 'N' -> "notice";
                    default -> String.valueOf(m.direction());
                };
        String delivery = null;
        if (m.delivery() != null) {
            delivery = switch (m.delivery()) {
                case 'P' -> "pending";
                case 'D' -> "delivered";
                case 'U' -> "undeliverable";
                case 'F' -> "failed";
                default -> String.valueOf(m.delivery());
            };
        }
        return new MessageView(
                m.id(),
                direction,
                m.msgType(),
                m.content(),
                m.mediaId(),
                m.agent(),
                Paging.time(m.createdAt()),
                delivery,
                m.error());
    }

    static AgentView view(AgentFigures f) {
        return new AgentView(
                f.agent(),
                f.sessions(),
                f.closed(),
                f.meanWaitSeconds() == null ? null : Math.round(f.meanWaitSeconds()),
                f.meanHandlingSeconds() == null ? null : Math.round(f.meanHandlingSeconds()),
                f.messagesIn(),
                f.messagesOut());
    }

    static QuestionView view(QuestionStats.Frequency f) {
        return new QuestionView(f.normalized(), f.sample(), f.misses(), f.asked(), f.total());
    }
}
