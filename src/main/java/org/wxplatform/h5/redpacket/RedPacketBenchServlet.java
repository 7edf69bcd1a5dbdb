package org.wxplatform.h5.redpacket;

import static org.wxplatform.h5.redpacket.RedPacketPageServlet.error;
import static org.wxplatform.h5.redpacket.RedPacketPageServlet.grabJson;
import static org.wxplatform.h5.redpacket.RedPacketPageServlet.json;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.SQLException;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.wxplatform.platform.config.Settings;
import org.wxplatform.redpacket.Reconciliation;
import org.wxplatform.redpacket.RedPacketException;
import org.wxplatform.redpacket.RedPackets;

/**
 * Bench mode ({@code WXP_REDPACKET_BENCH=true}, off otherwise: 404): the grab benchmark's and the load
 * tests' calls, on the same HTTP stack and service as the page, with the subscriber named in the request
 * instead of a web-authorized session (thousands of subscribers without thousands of authorizations):
 *
 * <ul>
 *   <li>{@code POST /h5/redpacket/bench/grab?appid=&packet=&openid=&mode=gated|naive}: the real grab
 *       through the door, or the naive {@code SELECT ... FOR UPDATE} grab it is compared with;
 *   <li>{@code POST .../fund?appid=&openid=&mb=&key=}: a grant (system packet) to fund a sender;
 *   <li>{@code POST .../send?appid=&openid=&kind=&amount=&count=&key=}: a packet;
 *   <li>{@code POST .../expire?appid=&packet=}: forced expiry; {@code POST .../refund}: the refund job's work now;
 *   <li>{@code POST .../reconcile}: the reconciliation now.
 * </ul>
 */
@WebServlet(urlPatterns = "/h5/redpacket/bench/*")
public class RedPacketBenchServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(RedPacketBenchServlet.class.getName());
    private static final Pattern APPID = Pattern.compile("wx[0-9A-Za-z]{16}");
    private static final Pattern OPENID = Pattern.compile("[0-9A-Za-z_-]{6,64}");

    @Inject
    transient RedPackets packets;

    @Inject
    transient Reconciliation reconciliation;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!Settings.getBoolean("WXP_REDPACKET_BENCH", false)) {
            response.sendError(404);
            return;
        }
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        String appid = request.getParameter("appid");
        try {
            switch (path) {
                case "/grab" -> {
                    requireAppid(appid);
                    long packet = Long.parseLong(param(request, "packet", "[1-9][0-9]{0,17}"));
                    String openid = param(request, "openid", OPENID.pattern());
                    boolean naive = "naive".equals(request.getParameter("mode"));
                    json(
                            response,
                            200,
                            grabJson(
                                    naive
                                            ? packets.grabNaive(appid, packet, openid)
                                            : packets.grab(appid, packet, openid)));
                }
                case "/fund" -> {
                    requireAppid(appid);
                    var g = packets.grant(
                            appid,
                            param(request, "openid", OPENID.pattern()),
                            Integer.parseInt(param(request, "mb", "[1-9][0-9]{0,5}")),
                            request.getParameter("key"));
                    json(response, 200, grabJson(g));
                }
                case "/send" -> {
                    requireAppid(appid);
                    RedPackets.Packet p = packets.send(
                            appid,
                            param(request, "openid", OPENID.pattern()),
                            RedPackets.Kind.valueOf(param(request, "kind", "NORMAL|RANDOM")),
                            Integer.parseInt(param(request, "amount", "[1-9][0-9]{0,5}")),
                            Integer.parseInt(param(request, "count", "[1-9][0-9]{0,4}")),
                            "bench",
                            request.getParameter("key"));
                    json(
                            response,
                            200,
                            Json.createObjectBuilder().add("packet", p.id()).add("totalMb", p.totalMb()));
                }
                case "/expire" -> {
                    requireAppid(appid);
                    boolean done =
                            packets.expireNow(appid, Long.parseLong(param(request, "packet", "[1-9][0-9]{0,17}")));
                    json(response, 200, Json.createObjectBuilder().add("expired", done));
                }
                case "/refund" -> {
                    int n = 0;
                    int batch;
                    do {
                        batch = packets.refundExpired(500);
                        n += batch;
                    } while (batch == 500);
                    json(response, 200, Json.createObjectBuilder().add("refunded", n));
                }
                case "/reconcile" -> {
                    Reconciliation.Report r = reconciliation.run();
                    JsonArrayBuilder m = Json.createArrayBuilder();
                    r.mismatches().forEach(m::add);
                    json(
                            response,
                            200,
                            Json.createObjectBuilder()
                                    .add("clean", r.clean())
                                    .add("accounts", r.accounts())
                                    .add("packets", r.packets())
                                    .add("mismatches", m));
                }
                default -> json(response, 404, error("no such call"));
            }
        } catch (IllegalArgumentException e) {
            json(response, 400, error(e.getMessage()));
        } catch (RedPacketException e) {
            json(
                    response,
                    e.reason() == RedPacketException.Reason.INSUFFICIENT ? 402 : 400,
                    error(e.getMessage()).add("outcome", e.reason().name()));
        } catch (SQLException e) {
            LOG.warning("red packet bench " + path + ": " + e.getMessage());
            json(response, 503, error("database: " + e.getMessage()));
        }
    }

    private static void requireAppid(String appid) {
        if (appid == null || !APPID.matcher(appid).matches()) {
            throw new IllegalArgumentException("appid: wx and 16 letters or digits");
        }
    }

    private static String param(HttpServletRequest request, String name, String form) {
        String v = request.getParameter(name);
        if (v == null || !v.matches(form)) {
            throw new IllegalArgumentException(name + ": expected " + form);
        }
        return v;
    }
}
