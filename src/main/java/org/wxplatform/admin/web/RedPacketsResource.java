package org.wxplatform.admin.web;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import java.util.List;
import java.util.regex.Pattern;
import org.wxplatform.redpacket.Reconciliation;
import org.wxplatform.redpacket.RedPackets;

/**
 * {@code /api/admin/redpackets}: the red packets, read-only for every admin; the reconciliation can be
 * run now by SUPER_ADMIN (it also runs daily by itself).
 *
 * <pre>
 * GET  /api/admin/redpackets?appid=..&amp;limit=50&amp;after=cursor        {"rows": [packet...], "next"}
 * GET  /api/admin/redpackets/account?appid=..&amp;openid=..&amp;limit=50  {"balance", "ledger": [...]}
 * POST /api/admin/redpackets/reconcile                             {"clean", "accounts", "packets", "mismatches"}
 * </pre>
 */
@Path("/admin/redpackets")
@Produces(MediaType.APPLICATION_JSON)
public class RedPacketsResource {

    private static final Pattern APPID = Pattern.compile("wx[0-9A-Za-z]{16}");
    private static final Pattern OPENID = Pattern.compile("[0-9A-Za-z_-]{6,64}");

    @JsonbNillable
    public record PacketView(
            long id,
            String appid,
            String sender,
            String kind,
            int totalMb,
            int count,
            int takenCount,
            long takenMb,
            long refundedMb,
            String state,
            String greeting,
            String createdAt,
            String expiresAt) {}

    @JsonbNillable
    public record EntryView(
            long id, String day, String kind, long amountMb, Long packetId, String idemKey, String at) {}

    public record AccountView(String appid, String openid, long balance, List<EntryView> ledger) {}

    public record ReconcileView(boolean clean, int accounts, int packets, List<String> mismatches) {}

    @Inject
    RedPackets packets;

    @Inject
    Reconciliation reconciliation;

    @GET
    @RolesAllowed({"SUPER_ADMIN", "ADMIN"})
    public Paging.Page<PacketView> list(
            @QueryParam("appid") String appid, @QueryParam("limit") String limit, @QueryParam("after") String after)
            throws SQLException {
        if (appid != null && !appid.isEmpty() && !APPID.matcher(appid).matches()) {
            throw new Paging.BadInput("appid", "wx and 16 letters or digits");
        }
        int n = Paging.limit(limit);
        long before = Paging.after(after);
        return Paging.page(
                packets.packets(appid == null || appid.isEmpty() ? null : appid, null, before, n + 1),
                n,
                RedPackets.Packet::id,
                p -> new PacketView(
                        p.id(),
                        p.appid(),
                        p.sender(),
                        p.kind().name(),
                        p.totalMb(),
                        p.shareCount(),
                        p.takenCount(),
                        p.takenMb(),
                        p.refundedMb(),
                        state(p.state()),
                        p.greeting(),
                        p.createdAt().toString(),
                        p.expiresAt().toString()));
    }

    @GET
    @Path("/account")
    @RolesAllowed({"SUPER_ADMIN", "ADMIN"})
    public AccountView account(
            @QueryParam("appid") String appid, @QueryParam("openid") String openid, @QueryParam("limit") String limit)
            throws SQLException {
        if (appid == null || !APPID.matcher(appid).matches()) {
            throw new Paging.BadInput("appid", "wx and 16 letters or digits");
        }
        String o = openid == null ? "" : openid.strip();
        if (!OPENID.matcher(o).matches()) {
            throw new Paging.BadInput("openid", "6 to 64 letters, digits, - or _");
        }
        List<EntryView> ledger = packets.ledger(appid, o, Paging.limit(limit)).stream()
                .map(e -> new EntryView(
                        e.id(),
                        e.day().toString(),
                        e.kind(),
                        e.amountMb(),
                        e.packetId(),
                        e.idemKey(),
                        e.at().toString()))
                .toList();
        return new AccountView(appid, o, packets.balance(appid, o), ledger);
    }

    @POST
    @Path("/reconcile")
    @RolesAllowed("SUPER_ADMIN")
    public ReconcileView reconcile() throws SQLException {
        Reconciliation.Report r = reconciliation.run();
        return new ReconcileView(r.clean(), r.accounts(), r.packets(), r.mismatches());
    }

    private static String state(char s) {
        return switch (s) {
            case 'O' -> "OPEN";
            case 'E' -> "EMPTIED";
            case 'R' -> "REFUNDED";
            default -> Character.toString(s);
        };
    }
}
