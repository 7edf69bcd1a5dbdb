package org.wxplatform.admin.web;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import org.wxplatform.business.binding.BindingHistory;
import org.wxplatform.business.binding.Phones;

/**
 * {@code /api/admin/bindings}: every binding of a phone number or of a subscriber, current and ended,
 * newest first (SPEC §6.5), for operators handling a complaint. Everyone in the admin reads.
 *
 * <pre>
 * GET /api/admin/bindings?phone=13800138000|openid=o..&amp;appid=wx..&amp;limit=50&amp;after=..
 *     {"rows": [{"appid", "openid", "phone", "channel", "boundAt", "endedAt", "endReason", "current"}],
 *      "next": cursor|null}
 * GET /api/admin/bindings.csv?phone=..|openid=..&amp;appid=..     all of them as CSV
 * </pre>
 *
 * <p>Exactly one of {@code phone} and {@code openid}. Phone numbers are masked (138****8000) except the
 * one searched by: the operator typed it already. Times are ISO-8601 with the admin's offset.
 */
@Path("/admin")
public class BindingsResource {

    static final List<String> HEADER = List.of("公众号", "用户", "手机号", "渠道", "绑定时间", "结束时间", "结束原因", "当前");
    private static final Pattern CURSOR = Pattern.compile("b1\\.(\\d{1,18})");
    private static final int CSV_CHUNK = 500;

    /** One binding row as operators see it; {@code endedAt}/{@code endReason} null while current. */
    @JsonbNillable
    public record BindingView(
            String appid,
            String openid,
            String phone,
            String channel,
            String boundAt,
            String endedAt,
            String endReason,
            boolean current) {}

    @Inject
    BindingHistory history;

    @GET
    @Path("/bindings")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({"SUPER_ADMIN", "ADMIN"})
    public Response list(
            @QueryParam("phone") String phone,
            @QueryParam("openid") String openid,
            @QueryParam("appid") String appid,
            @QueryParam("limit") String limit,
            @QueryParam("after") String after)
            throws SQLException {
        BindingHistory.Query q = query(phone, openid, appid);
        int n = Paging.limit(limit);
        Long before = decode(Lookups.blankToNull(after));
        List<BindingHistory.Row> rows = history.page(q, before, n + 1);
        String next = rows.size() > n ? encode(rows.get(n - 1).id()) : null;
        List<BindingView> out = rows.stream()
                .limit(n)
                .map(r -> view(r, q.phone(), Lookups.ZONE))
                .toList();
        return Response.ok(new Lookups.Page<>(out, next)).build();
    }

    @GET
    @Path("/bindings.csv")
    @RolesAllowed({"SUPER_ADMIN", "ADMIN"})
    public Response csv(
            @QueryParam("phone") String phone, @QueryParam("openid") String openid, @QueryParam("appid") String appid) {
        BindingHistory.Query q = query(phone, openid, appid);
        String name = "bindings-" + (q.phone() != null ? q.phone() : q.openid()) + ".csv";
        return Csv.download(name, HEADER, rows -> {
            Long before = null;
            while (true) {
                List<BindingHistory.Row> chunk = history.page(q, before, CSV_CHUNK);
                for (BindingHistory.Row r : chunk) {
                    BindingView v = view(r, q.phone(), Lookups.ZONE);
                    rows.row(
                            v.appid(),
                            v.openid(),
                            v.phone(),
                            v.channel(),
                            v.boundAt(),
                            v.endedAt(),
                            v.endReason(),
                            v.current() ? "是" : "否");
                }
                if (chunk.size() < CSV_CHUNK) {
                    return;
                }
                before = chunk.get(chunk.size() - 1).id();
            }
        });
    }

    static BindingHistory.Query query(String phone, String openid, String appid) {
        String p = Lookups.blankToNull(phone);
        String o = Lookups.blankToNull(openid);
        if ((p == null) == (o == null)) {
            throw new IllegalArgumentException("phone: give exactly one of phone and openid");
        }
        String number = null;
        if (p != null) {
            number = Phones.normalize(p)
                    .orElseThrow(() -> new IllegalArgumentException("phone: expected an 11-digit mobile number"));
        }
        return new BindingHistory.Query(number, Lookups.openid(o), Lookups.appid(appid, false));
    }

    static BindingView view(BindingHistory.Row r, String searchedPhone, ZoneId zone) {
        return new BindingView(
                r.appid(),
                r.openid(),
                r.phone().equals(searchedPhone) ? r.phone() : Phones.mask(r.phone()),
                r.channel(),
                Lookups.time(r.boundAt(), zone),
                Lookups.time(r.endedAt(), zone),
                r.endReason(),
                r.current());
    }

    static String encode(long id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("b1." + id).getBytes(StandardCharsets.US_ASCII));
    }

    static Long decode(String after) {
        if (after == null) {
            return null;
        }
        if (after.length() > 40) {
            throw new IllegalArgumentException("after: not a cursor of this list (too long)");
        }
        try {
            var m = CURSOR.matcher(new String(Base64.getUrlDecoder().decode(after), StandardCharsets.US_ASCII));
            if (m.matches()) {
                return Long.parseLong(m.group(1));
            }
        } catch (IllegalArgumentException e) {
            // falls through to the same answer
        }
        throw new IllegalArgumentException("after: not a cursor of this list");
    }
}
