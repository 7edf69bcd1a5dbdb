package org.wxplatform.h5.redpacket;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.wxplatform.account.AccountDirectory;
import org.wxplatform.h5.auth.WebAuthorization;
import org.wxplatform.h5.web.H5Pages;
import org.wxplatform.redpacket.Grab;
import org.wxplatform.redpacket.RedPacketException;
import org.wxplatform.redpacket.RedPackets;

/**
 * The red-packet H5 page and its JSON calls ({@code ?appid=} on every one):
 *
 * <ul>
 *   <li>{@code GET /h5/redpacket?appid=[&packet=|&ask=]}: the page (web authorization first);
 *   <li>{@code GET /h5/redpacket/api/me}: {@code {"balance", "level", "snapshot", "csrf", "exchanges"}};
 *   <li>{@code GET /h5/redpacket/api/packet?packet=}: the packet, who got what, and what this subscriber got;
 *   <li>{@code GET /h5/redpacket/api/ask?ask=}: an ask to friends;
 *   <li>{@code POST /h5/redpacket/api/send} {@code {"kind": "NORMAL"|"RANDOM", "amount", "count",
 *       "greeting", "key"}}, {@code .../grab} {@code {"packet"}}, {@code .../ask} {@code {"amount", "note"}},
 *       {@code .../pay} {@code {"ask"}}, {@code .../system} {@code {}}, {@code .../exchange}
 *       {@code {"amount", "key"}}.
 * </ul>
 *
 * Writes need JSON, the session's CSRF token and a subscriber who is not a snapshot visitor; a grab
 * answers 200 with {@code outcome} GOT / EMPTY / EXPIRED / BUSY ("人太多了，请稍后再试", nothing taken) /
 * NO_SUCH_PACKET; a refused request answers 400/402/404/409 with the reason.
 */
@WebServlet(urlPatterns = {"/h5/redpacket", "/h5/redpacket/*"})
public class RedPacketPageServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(RedPacketPageServlet.class.getName());
    private static final Pattern APPID = Pattern.compile("wx[0-9A-Za-z]{16}");
    private static final Pattern ID = Pattern.compile("[1-9][0-9]{0,17}");
    private static final String PAGE = "/h5/redpacket.html";
    static final String SNAPSHOT = "当前是朋友圈快照页，请点击底部「使用完整服务」，或从公众号菜单打开本页后再领取。";
    static final String AGAIN = "请从公众号菜单重新打开本页。";

    @Inject
    transient WebAuthorization authorization;

    @Inject
    transient AccountDirectory accounts;

    @Inject
    transient RedPackets packets;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String appid = request.getParameter("appid");
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        if (appid == null
                || !APPID.matcher(appid).matches()
                || accounts.keys(appid).isEmpty()) {
            if (path.startsWith("/api/")) {
                json(response, 404, error("unknown account"));
            } else {
                notice(response, 404, "页面参数错误：没有这个公众号。");
            }
            return;
        }
        try {
            switch (path) {
                case "" -> page(request, response, appid);
                case "/oauth" -> oauthReturn(request, response, appid);
                case "/api/me" -> me(request, response, appid);
                case "/api/packet" -> packet(request, response, appid);
                case "/api/ask" -> askView(request, response, appid);
                default -> notice(response, 404, "没有这个页面。");
            }
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "red packet page: " + e.getMessage());
            json(response, 503, error("系统繁忙，请稍后再试。"));
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String appid = request.getParameter("appid");
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        if (!path.startsWith("/api/")) {
            json(response, 405, error("method not allowed"));
            return;
        }
        if (appid == null || !APPID.matcher(appid).matches()) {
            json(response, 404, error("unknown account"));
            return;
        }
        Optional<String> openid = authorization.openid(request, appid);
        if (openid.isEmpty()) {
            json(response, 401, error(AGAIN));
            return;
        }
        if (authorization.snapshotUser(request, appid)) {
            json(response, 403, error(SNAPSHOT));
            return;
        }
        String type = request.getContentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            json(response, 415, error("Content-Type must be application/json"));
            return;
        }
        if (!authorization.csrfMatches(request)) {
            json(response, 403, error("missing or wrong " + WebAuthorization.CSRF_HEADER));
            return;
        }
        JsonObject body;
        try {
            body = readBody(request);
        } catch (IllegalArgumentException e) {
            json(response, 400, error(e.getMessage()));
            return;
        }
        String me = openid.get();
        try {
            switch (path) {
                case "/api/grab" -> {
                    long id = id(body, "packet");
                    json(response, 200, grabJson(packets.grab(appid, id, me)));
                }
                case "/api/send" -> {
                    RedPackets.Kind kind = "RANDOM".equals(string(body, "kind"))
                            ? RedPackets.Kind.RANDOM
                            : "NORMAL".equals(string(body, "kind")) ? RedPackets.Kind.NORMAL : null;
                    if (kind == null) {
                        json(response, 400, error("kind: NORMAL or RANDOM"));
                        return;
                    }
                    RedPackets.Packet p = packets.send(
                            appid,
                            me,
                            kind,
                            number(body, "amount"),
                            number(body, "count"),
                            string(body, "greeting"),
                            string(body, "key"));
                    json(response, 200, packetJson(p).add("ok", true).add("balance", packets.balance(appid, me)));
                }
                case "/api/ask" -> {
                    RedPackets.Ask a = packets.ask(appid, me, number(body, "amount"), string(body, "note"));
                    json(response, 200, askJson(a, me).add("ok", true));
                }
                case "/api/pay" -> {
                    RedPackets.Ask a = packets.payAsk(appid, id(body, "ask"), me);
                    json(response, 200, askJson(a, me).add("ok", true).add("balance", packets.balance(appid, me)));
                }
                case "/api/system" -> {
                    Grab g = packets.openSystemPacket(appid, me);
                    json(response, 200, grabJson(g).add("balance", packets.balance(appid, me)));
                }
                case "/api/exchange" -> {
                    RedPackets.Exchange x = packets.exchange(appid, me, number(body, "amount"), string(body, "key"));
                    json(
                            response,
                            200,
                            Json.createObjectBuilder()
                                    .add("ok", true)
                                    .add("exchange", x.id())
                                    .add("amountMb", x.amountMb())
                                    .add("message", x.answer())
                                    .add("balance", packets.balance(appid, me)));
                }
                default -> json(response, 404, error("no such call"));
            }
        } catch (IllegalArgumentException e) {
            json(response, 400, error(e.getMessage()));
        } catch (RedPacketException e) {
            int status =
                    switch (e.reason()) {
                        case BAD_INPUT, OWN -> 400;
                        case INSUFFICIENT -> 402;
                        case NOT_FOUND -> 404;
                        case UNBOUND, CLOSED -> 409;
                    };
            json(
                    response,
                    status,
                    error(e.getMessage()).add("outcome", e.reason().name()));
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "red packet call " + path + ": " + e.getMessage());
            json(response, 503, error("系统繁忙，请稍后再试。"));
        }
    }

    static JsonObjectBuilder grabJson(Grab g) {
        return Json.createObjectBuilder()
                .add("ok", g.outcome() == Grab.Outcome.GOT)
                .add("outcome", g.outcome().name())
                .add("amountMb", g.amountMb())
                .add("repeat", g.repeat())
                .add("message", g.message());
    }

    private void me(HttpServletRequest request, HttpServletResponse response, String appid)
            throws IOException, SQLException {
        Optional<String> openid = authorization.openid(request, appid);
        if (openid.isEmpty()) {
            json(response, 401, error(AGAIN));
            return;
        }
        boolean snapshot = authorization.snapshotUser(request, appid);
        JsonArrayBuilder exchanges = Json.createArrayBuilder();
        RedPackets.EXCHANGES.keySet().forEach(exchanges::add);
        JsonArrayBuilder mine = Json.createArrayBuilder();
        for (RedPackets.Packet p : packets.packets(appid, openid.get(), Long.MAX_VALUE, 10)) {
            mine.add(packetJson(p));
        }
        json(
                response,
                200,
                Json.createObjectBuilder()
                        .add("balance", snapshot ? 0 : packets.balance(appid, openid.get()))
                        .add("level", snapshot ? 0 : packets.activityLevel(appid, openid.get()))
                        .add("snapshot", snapshot)
                        .add("csrf", authorization.csrfToken(request).orElse(""))
                        .add("exchanges", exchanges)
                        .add("sent", mine));
    }

    private void packet(HttpServletRequest request, HttpServletResponse response, String appid)
            throws IOException, SQLException {
        Optional<String> openid = authorization.openid(request, appid);
        if (openid.isEmpty()) {
            json(response, 401, error(AGAIN));
            return;
        }
        String raw = request.getParameter("packet");
        if (raw == null || !ID.matcher(raw).matches()) {
            json(response, 400, error("packet: a packet id"));
            return;
        }
        Optional<RedPackets.Packet> p = packets.packet(appid, Long.parseLong(raw));
        if (p.isEmpty()) {
            json(response, 404, error("没有这个红包。"));
            return;
        }
        JsonArrayBuilder got = Json.createArrayBuilder();
        Integer mine = null;
        for (RedPackets.Grabber g : packets.grabbers(p.get().id())) {
            got.add(Json.createObjectBuilder()
                    .add("who", masked(g.openid()))
                    .add("me", g.openid().equals(openid.get()))
                    .add("amountMb", g.amountMb())
                    .add("at", g.at().toString()));
            if (g.openid().equals(openid.get())) {
                mine = g.amountMb();
            }
        }
        JsonObjectBuilder o = packetJson(p.get())
                .add("grabs", got)
                .add("mine", p.get().sender() != null && p.get().sender().equals(openid.get()));
        if (mine != null) {
            o.add("gotMb", mine);
        }
        json(response, 200, o);
    }

    private void askView(HttpServletRequest request, HttpServletResponse response, String appid)
            throws IOException, SQLException {
        Optional<String> openid = authorization.openid(request, appid);
        if (openid.isEmpty()) {
            json(response, 401, error(AGAIN));
            return;
        }
        String raw = request.getParameter("ask");
        if (raw == null || !ID.matcher(raw).matches()) {
            json(response, 400, error("ask: an ask id"));
            return;
        }
        Optional<RedPackets.Ask> a = packets.findAsk(appid, Long.parseLong(raw));
        if (a.isEmpty()) {
            json(response, 404, error("没有这个讨红包请求。"));
            return;
        }
        json(response, 200, askJson(a.get(), openid.get()));
    }

    private static JsonObjectBuilder packetJson(RedPackets.Packet p) {
        return Json.createObjectBuilder()
                .add("packet", p.id())
                .add("kind", p.kind().name())
                .add("from", p.sender() == null ? "公众号" : masked(p.sender()))
                .add("totalMb", p.totalMb())
                .add("count", p.shareCount())
                .add("takenCount", p.takenCount())
                .add("takenMb", p.takenMb())
                .add("refundedMb", p.refundedMb())
                .add("state", Character.toString(p.state()))
                .add("greeting", p.greeting())
                .add("expiresAt", p.expiresAt().toString());
    }

    private static JsonObjectBuilder askJson(RedPackets.Ask a, String me) {
        JsonObjectBuilder o = Json.createObjectBuilder()
                .add("ask", a.id())
                .add("from", masked(a.asker()))
                .add("mine", a.asker().equals(me))
                .add("amountMb", a.amountMb())
                .add("note", a.note())
                .add("state", Character.toString(a.state()))
                .add("expiresAt", a.expiresAt().toString());
        if (a.payer() != null) {
            o.add("paidBy", masked(a.payer()));
        }
        return o;
    }

    /** Openids are not shown whole to other subscribers. */
    static String masked(String openid) {
        return openid.length() <= 6 ? "***" : openid.substring(0, 3) + "***" + openid.substring(openid.length() - 3);
    }

    private void page(HttpServletRequest request, HttpServletResponse response, String appid) throws IOException {
        if (authorization.openid(request, appid).isPresent()) {
            servePage(response);
            return;
        }
        StringBuilder back = new StringBuilder("/h5/redpacket/oauth?appid=").append(appid);
        for (String p : new String[] {"packet", "ask"}) {
            String v = request.getParameter(p);
            if (v != null && ID.matcher(v).matches()) {
                back.append('&').append(p).append('=').append(v);
            }
        }
        try {
            response.sendRedirect(authorization.authorizeUrl(request, response, appid, back.toString()));
        } catch (WebAuthorization.Refused e) {
            notice(response, e.status(), e.getMessage());
        }
    }

    private void oauthReturn(HttpServletRequest request, HttpServletResponse response, String appid)
            throws IOException {
        try {
            authorization.complete(
                    request, response, appid, request.getParameter("code"), request.getParameter("state"));
        } catch (WebAuthorization.Refused e) {
            LOG.info("web authorization for " + appid + " refused: " + e.getMessage());
            notice(response, e.status(), e.getMessage());
            return;
        }
        // back to the page's own address (without code and state), where its relative js/ paths resolve
        StringBuilder page = new StringBuilder(request.getContextPath())
                .append("/h5/redpacket?appid=")
                .append(appid);
        for (String p : new String[] {"packet", "ask"}) {
            String v = request.getParameter(p);
            if (v != null && ID.matcher(v).matches()) {
                page.append('&').append(p).append('=').append(v);
            }
        }
        response.sendRedirect(page.toString());
    }

    private void servePage(HttpServletResponse response) throws IOException {
        try (InputStream in = getServletContext().getResourceAsStream(PAGE)) {
            if (in == null) {
                notice(response, 500, "页面缺失。");
                return;
            }
            response.setStatus(200);
            response.setContentType("text/html");
            response.setCharacterEncoding("UTF-8");
            noStore(response);
            in.transferTo(response.getOutputStream());
        }
    }

    /** The body as a JSON object (at most H5Pages.MAX_BODY bytes); IllegalArgumentException otherwise. */
    private static JsonObject readBody(HttpServletRequest request) throws IOException {
        return H5Pages.readBody(request);
    }

    private static String string(JsonObject o, String name) {
        JsonValue v = o.get(name);
        return v instanceof JsonString s ? s.getString() : null;
    }

    static int number(JsonObject o, String name) {
        JsonValue v = o.get(name);
        if (v instanceof JsonNumber n && n.isIntegral() && n.longValue() >= 0 && n.longValue() <= Integer.MAX_VALUE) {
            return n.intValue();
        }
        throw new IllegalArgumentException(name + ": a whole number");
    }

    static long id(JsonObject o, String name) {
        JsonValue v = o.get(name);
        String s = v instanceof JsonNumber n ? n.toString() : v instanceof JsonString t ? t.getString() : "";
        if (!ID.matcher(s).matches()) {
            throw new IllegalArgumentException(name + ": an id");
        }
        return Long.parseLong(s);
    }

    static JsonObjectBuilder error(String message) {
        return Json.createObjectBuilder().add("error", message);
    }

    static void json(HttpServletResponse response, int status, JsonObjectBuilder body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        noStore(response);
        response.getOutputStream().write(body.build().toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void notice(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("text/html");
        response.setCharacterEncoding("UTF-8");
        noStore(response);
        String html = "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><meta name=\"viewport\""
                + " content=\"width=device-width,initial-scale=1\"><title>流量红包</title></head>"
                + "<body style=\"font-family:sans-serif;background:#ededed;margin:0;padding:40px 20px;text-align:center\">"
                + "<p>" + message.replace("&", "&amp;").replace("<", "&lt;") + "</p></body></html>";
        response.getOutputStream().write(html.getBytes(StandardCharsets.UTF_8));
    }

    private static void noStore(HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
    }
}
