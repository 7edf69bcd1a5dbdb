package org.wxplatform.admin.web;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
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
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.wxplatform.business.binding.Phones;
import org.wxplatform.business.transaction.Transaction;
import org.wxplatform.business.transaction.TransactionFilter;
import org.wxplatform.business.transaction.Transactions;
import org.wxplatform.platform.web.ErrorMappers;

/**
 * {@code /api/admin/transactions}: carrier transactions for operators handling complaints and re-doing
 * failures (SPEC §6.5, §6.6). Everyone in the admin lists, reads and downloads; only SUPER_ADMIN re-does.
 *
 * <pre>
 * GET  /api/admin/transactions?state=failed|waiting|done|queued|sent&amp;appid=wx..&amp;phone=139..&amp;day=2026-12-01
 *                              &amp;limit=50&amp;after=cursor            {"rows": [...], "next": cursor|null}
 * GET  /api/admin/transactions.csv?(the same filters)
 * GET  /api/admin/transactions/{id}
 * POST /api/admin/transactions/{id}/redo      (a failed one: 202 and queued again; otherwise 409)
 * POST /api/admin/transactions/redo  {"ids": [..]}                      {"results": [{"id", "outcome", "state"}]}
 * POST /api/admin/transactions/redo  {"filter": {"state": "failed", "appid": .., "day": ..}}  {"matched", "queued"}
 * </pre>
 */
@Path("/admin")
@Produces(MediaType.APPLICATION_JSON)
public class TransactionsResource {

    /** What an operator sees of a transaction (the phone number masked). */
    public record TransactionView(
            long id,
            String appid,
            String openid,
            String phone,
            String kind,
            String productCode,
            long amountFen,
            String title,
            String state,
            int attempt,
            String serial,
            int tries,
            String resultCode,
            String resultMessage,
            String carrierOrderId,
            boolean notified,
            String redoBy,
            String createdAt,
            String updatedAt,
            String doneAt) {}

    static final int MAX_REDO_IDS = 200;
    static final int MAX_REDO_FILTER = 1000;
    private static final Pattern APPID = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    @Inject
    Transactions transactions;

    @GET
    @Path("/transactions")
    @RolesAllowed({"SUPER_ADMIN", "ADMIN"})
    public Paging.Page<TransactionView> list(
            @QueryParam("state") String state,
            @QueryParam("appid") String appid,
            @QueryParam("phone") String phone,
            @QueryParam("day") String day,
            @QueryParam("limit") String limit,
            @QueryParam("after") String after)
            throws SQLException {
        TransactionFilter filter = filter(state, appid, phone, day);
        int n = Paging.limit(limit);
        long before = Paging.after(after);
        return Paging.page(transactions.list(filter, before, n + 1), n, Transaction::id, TransactionsResource::view);
    }

    @GET
    @Path("/transactions.csv")
    @RolesAllowed({"SUPER_ADMIN", "ADMIN"})
    public Response csv(
            @QueryParam("state") String state,
            @QueryParam("appid") String appid,
            @QueryParam("phone") String phone,
            @QueryParam("day") String day) {
        TransactionFilter filter = filter(state, appid, phone, day);
        return Csv.download(
                "transactions" + (day == null || day.isBlank() ? "" : "-" + day.strip()) + ".csv",
                List.of(
                        "编号", "公众号", "用户", "手机号", "类型", "产品", "金额(分)", "名称", "状态", "次数", "流水号", "结果码", "结果说明", "运营商订单号",
                        "已通知", "补办人", "创建时间", "完成时间"),
                rows -> transactions.each(filter, t -> {
                    TransactionView v = view(t);
                    rows.row(
                            v.id(),
                            v.appid(),
                            v.openid(),
                            v.phone(),
                            v.kind(),
                            v.productCode(),
                            v.amountFen(),
                            v.title(),
                            v.state(),
                            v.attempt(),
                            v.serial(),
                            v.resultCode(),
                            v.resultMessage(),
                            v.carrierOrderId(),
                            v.notified() ? "是" : "否",
                            v.redoBy(),
                            v.createdAt(),
                            v.doneAt());
                }));
    }

    @GET
    @Path("/transactions/{id}")
    @RolesAllowed({"SUPER_ADMIN", "ADMIN"})
    public Response get(@PathParam("id") String id) throws SQLException {
        long txId = AlertsResource.id(id);
        return transactions
                .find(txId)
                .map(t -> Response.ok(view(t)).build())
                .orElseGet(() -> ErrorMappers.error(Response.Status.NOT_FOUND, "no transaction " + txId));
    }

    /** Re-runs a failed transaction with a new serial; its outcome reaches the subscriber as before. */
    @POST
    @Path("/transactions/{id}/redo")
    @RolesAllowed("SUPER_ADMIN")
    public Response redo(@PathParam("id") String id, @Context SecurityContext security) throws SQLException {
        long txId = AlertsResource.id(id);
        var found = transactions.find(txId);
        if (found.isEmpty()) {
            return ErrorMappers.error(Response.Status.NOT_FOUND, "no transaction " + txId);
        }
        if (!transactions.redo(txId, AlertsResource.operator(security))) {
            return ErrorMappers.error(
                    Response.Status.CONFLICT,
                    "transaction " + txId + " is "
                            + stateName(transactions.find(txId).orElseThrow().state())
                            + ": only failed ones are re-done");
        }
        return Response.accepted(view(transactions.find(txId).orElseThrow())).build();
    }

    /**
     * Re-does a batch: the failed ones of {@code ids} (at most 200), or every failed one the {@code filter}
     * selects (at most 1000, else nothing). A transaction that is not failed is left as it is.
     */
    @POST
    @Path("/transactions/redo")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("SUPER_ADMIN")
    public JsonObject redoBatch(String text, @Context SecurityContext security) throws SQLException {
        JsonObject body = Paging.jsonObject(text);
        for (String member : body.keySet()) {
            if (!member.equals("ids") && !member.equals("filter")) {
                throw new Paging.BadInput(member, "unknown member: expected ids or filter");
            }
        }
        if (body.containsKey("ids") == body.containsKey("filter")) {
            throw new Paging.BadInput("ids", "give either ids or filter");
        }
        String operator = AlertsResource.operator(security);
        if (body.containsKey("ids")) {
            List<Long> ids = AlertsResource.ids(body, MAX_REDO_IDS);
            JsonArrayBuilder results = Json.createArrayBuilder();
            for (Transactions.RedoResult r : transactions.redo(ids, operator)) {
                JsonObjectBuilder o = Json.createObjectBuilder()
                        .add("id", r.id())
                        .add(
                                "outcome",
                                r.outcome().name().toLowerCase(Locale.ROOT).replace('_', '-'));
                if (r.state() == null) {
                    o.addNull("state");
                } else {
                    o.add("state", stateName(r.state()));
                }
                results.add(o);
            }
            return Json.createObjectBuilder().add("results", results).build();
        }
        if (!(body.get("filter") instanceof JsonObject f)) {
            throw new Paging.BadInput("filter", "expected an object such as {\"state\": \"failed\"}");
        }
        for (String member : f.keySet()) {
            if (!List.of("state", "appid", "day", "phone").contains(member)) {
                throw new Paging.BadInput("filter." + member, "unknown member: expected state, appid, phone or day");
            }
        }
        String state = string(f, "state");
        if (state == null || !state.equals("failed")) {
            throw new Paging.BadInput("filter.state", "only failed transactions are re-done: expected \"failed\"");
        }
        TransactionFilter filter = filter(state, string(f, "appid"), string(f, "phone"), string(f, "day"));
        Transactions.BatchRedo done = transactions.redoFailed(filter, MAX_REDO_FILTER, operator);
        return Json.createObjectBuilder()
                .add("matched", done.matched())
                .add("queued", done.queued())
                .build();
    }

    private static String string(JsonObject o, String member) {
        JsonValue v = o.get(member);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (!(v instanceof JsonString s)) {
            throw new Paging.BadInput("filter." + member, "expected a string");
        }
        return s.getString();
    }

    /** The filter of the query parameters; a 400 naming the parameter for a bad one. */
    static TransactionFilter filter(String state, String appid, String phone, String day) {
        Character code = null;
        if (state != null && !state.isBlank()) {
            code = stateCode(state.strip());
            if (code == null) {
                throw new Paging.BadInput("state", "expected one of queued, sent, waiting, done, failed");
            }
        }
        String app = Paging.text("appid", appid, 32);
        if (app != null && !APPID.matcher(app).matches()) {
            throw new Paging.BadInput("appid", "expected letters, digits, _ or -");
        }
        String number = null;
        if (phone != null && !phone.isBlank()) {
            if (phone.length() > 11 || !Phones.valid(phone.strip())) {
                throw new Paging.BadInput("phone", "expected the 11-digit mobile number, such as 13912345678");
            }
            number = phone.strip();
        }
        LocalDate d = Paging.day("day", day);
        return new TransactionFilter(
                code,
                app,
                number,
                d == null ? null : Paging.startOf(d),
                d == null ? null : Paging.startOf(d.plusDays(1)));
    }

    static Character stateCode(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "queued":
                return 'P';
            case "sent":
                return 'S';
            case "waiting":
                return 'W';
            case "done":
                return 'D';
            case "failed":
                return 'F';
            default:
                return null;
        }
    }

    static String stateName(char state) {
        switch (state) {
            case 'Q':
            case 'P':
                return "queued";
            case 'S':
                return "sent";
            case 'W':
                return "waiting";
            case 'D':
                return "done";
            case 'F':
                return "failed";
            default:
                return String.valueOf(state);
        }
    }

    static TransactionView view(Transaction t) {
        return new TransactionView(
                t.id(),
                t.appid(),
                t.openid(),
                Transaction.maskedPhone(t.phone()),
                t.kind().name(),
                t.productCode(),
                t.amountFen(),
                t.title(),
                stateName(t.state()),
                t.attempt(),
                t.serial(),
                t.tries(),
                t.resultCode(),
                t.resultMessage(),
                t.carrierOrderId(),
                t.notified() == 'Y',
                t.redoBy(),
                text(t.createdAt()),
                text(t.updatedAt()),
                text(t.doneAt()));
    }

    private static String text(Instant i) {
        return Paging.time(i);
    }
}
