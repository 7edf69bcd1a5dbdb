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
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.wxplatform.business.transaction.Transaction;
import org.wxplatform.business.transaction.Transactions;
import org.wxplatform.platform.web.ErrorMappers;

/**
 * {@code /api/admin/transactions}: carrier transactions for operators handling complaints and re-doing
 * failures (SPEC §6.5, §6.6). Everyone in the admin lists and reads; only SUPER_ADMIN re-runs one.
 *
 * <pre>
 * GET  /api/admin/transactions?state=failed|waiting|done|queued|sent&amp;appid=wx..&amp;limit=100
 * GET  /api/admin/transactions/{id}
 * POST /api/admin/transactions/{id}/redo      (a failed one: 202 and queued again; otherwise 409)
 * </pre>
 */
@Path("/admin/transactions")
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

    @Inject
    Transactions transactions;

    @GET
    @RolesAllowed({"SUPER_ADMIN", "ADMIN"})
    public Response list(
            @QueryParam("state") String state, @QueryParam("appid") String appid, @QueryParam("limit") Integer limit)
            throws SQLException {
        Character code = null;
        if (state != null && !state.isBlank()) {
            code = stateCode(state);
            if (code == null) {
                return ErrorMappers.error(
                        Response.Status.BAD_REQUEST, "state must be one of queued, sent, waiting, done, failed");
            }
        }
        int n = limit == null ? 100 : limit;
        if (n < 1 || n > 1000) {
            return ErrorMappers.error(Response.Status.BAD_REQUEST, "limit must be 1..1000");
        }
        List<TransactionView> out = transactions.list(code, blankToNull(appid), n).stream()
                .map(TransactionsResource::view)
                .toList();
        return Response.ok(out).build();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({"SUPER_ADMIN", "ADMIN"})
    public Response get(@PathParam("id") long id) throws SQLException {
        return transactions
                .find(id)
                .map(t -> Response.ok(view(t)).build())
                .orElseGet(() -> ErrorMappers.error(Response.Status.NOT_FOUND, "no transaction " + id));
    }

    /** Re-runs a failed transaction with a new serial; its outcome reaches the subscriber as before. */
    @POST
    @Path("/{id}/redo")
    @RolesAllowed("SUPER_ADMIN")
    public Response redo(@PathParam("id") long id, @Context SecurityContext security) throws SQLException {
        var found = transactions.find(id);
        if (found.isEmpty()) {
            return ErrorMappers.error(Response.Status.NOT_FOUND, "no transaction " + id);
        }
        String operator = security.getUserPrincipal() == null
                ? "?"
                : security.getUserPrincipal().getName();
        if (!transactions.redo(id, operator)) {
            return ErrorMappers.error(
                    Response.Status.CONFLICT,
                    "transaction " + id + " is " + stateName(found.get().state()) + ": only failed ones are re-done");
        }
        return Response.accepted(view(transactions.find(id).orElseThrow())).build();
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
        return i == null ? null : i.toString();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
