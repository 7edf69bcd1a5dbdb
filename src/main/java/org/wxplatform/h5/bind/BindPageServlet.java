package org.wxplatform.h5.bind;

import jakarta.inject.Inject;
import jakarta.json.Json;
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
import java.util.Optional;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.wxplatform.account.AccountDirectory;
import org.wxplatform.business.binding.BindResult;
import org.wxplatform.business.binding.BindingRepository.Channel;
import org.wxplatform.business.binding.BindingService;
import org.wxplatform.business.binding.BindingTexts;
import org.wxplatform.business.binding.Phones;
import org.wxplatform.h5.auth.WebAuthorization;
import org.wxplatform.h5.web.H5Pages;

/**
 * The H5 binding page and its JSON calls:
 *
 * <ul>
 *   <li>{@code GET /h5/bind?appid=}: the page when this browser is authorized for the account, else a
 *       redirect to WeChat's web authorization, which returns to {@code GET /h5/bind/oauth?appid=&code=&state=}
 *       (the page again, now with the subscriber in the session);
 *   <li>{@code GET /h5/bind/api/status?appid=}: {@code {"bound", "phone", "pendingPhone", "csrf"}} (numbers
 *       masked);
 *   <li>{@code POST /h5/bind/api/code?appid=} {@code {"phone"}}, {@code POST .../confirm} {@code {"code"}},
 *       {@code POST .../unbind}: {@code {"ok", "outcome", "message"}}.
 * </ul>
 *
 * Writes need {@code Content-Type: application/json} and the session's token in {@code X-WXP-CSRF}
 * (403 otherwise); a browser that is not authorized gets 401; bad input gets 400 with the reason.
 */
@WebServlet(urlPatterns = {"/h5/bind", "/h5/bind/*"})
public class BindPageServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(BindPageServlet.class.getName());
    private static final Pattern APPID = Pattern.compile("wx[0-9A-Za-z]{16}");
    private static final String PAGE = "/h5/bind.html";
    /** A snapshot-page visitor (is_snapshotuser=1) is shown the page and never bound. */
    static final String SNAPSHOT = "当前是朋友圈快照页，请点击底部「使用完整服务」，或从公众号菜单打开本页后再办理。";

    @Inject
    transient WebAuthorization authorization;

    @Inject
    transient AccountDirectory accounts;

    @Inject
    transient BindingService bindings;

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
        switch (path) {
            case "" -> page(request, response, appid);
            case "/oauth" -> oauthReturn(request, response, appid);
            case "/api/status" -> status(request, response, appid);
            default -> notice(response, 404, "没有这个页面。");
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
            json(response, 401, error("请从公众号菜单重新打开本页。"));
            return;
        }
        if (authorization.snapshotUser(request, appid)) {
            json(response, 403, error(SNAPSHOT));
            return;
        }
        String type = request.getContentType();
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
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
        switch (path) {
            case "/api/code" -> {
                String phone = string(body, "phone");
                if (phone == null || Phones.normalize(phone).isEmpty()) {
                    json(response, 400, error("请输入11位手机号码。"));
                    return;
                }
                answer(response, bindings.requestCode(appid, openid.get(), phone));
            }
            case "/api/confirm" -> {
                String code = string(body, "code");
                if (code == null || !code.strip().matches("\\d{6}")) {
                    json(response, 400, error("验证码是6位数字。"));
                    return;
                }
                answer(response, bindings.confirm(appid, openid.get(), code, Channel.H5));
            }
            case "/api/unbind" -> {
                var ended = bindings.unbind(appid, openid.get(), Channel.H5);
                json(
                        response,
                        200,
                        Json.createObjectBuilder()
                                .add("ok", ended.isPresent())
                                .add("outcome", ended.isPresent() ? "UNBOUND" : "NOT_BOUND")
                                .add("message", ended.map(BindingTexts::unbound).orElse(BindingTexts.NOT_BOUND)));
            }
            default -> json(response, 404, error("no such call"));
        }
    }

    private void page(HttpServletRequest request, HttpServletResponse response, String appid) throws IOException {
        if (authorization.openid(request, appid).isPresent()) {
            servePage(response);
            return;
        }
        try {
            response.sendRedirect(
                    authorization.authorizeUrl(request, response, appid, "/h5/bind/oauth?appid=" + appid));
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
            LOG.info("web authorization for " + appid + " refused: " + e.getMessage()
                    + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")"));
            notice(response, e.status(), e.getMessage());
            return;
        }
        servePage(response);
    }

    private void status(HttpServletRequest request, HttpServletResponse response, String appid) throws IOException {
        Optional<String> openid = authorization.openid(request, appid);
        if (openid.isEmpty()) {
            json(response, 401, error("请从公众号菜单重新打开本页。"));
            return;
        }
        Optional<String> phone = bindings.phoneOf(appid, openid.get());
        JsonObjectBuilder o = Json.createObjectBuilder()
                .add("bound", phone.isPresent())
                .add("snapshot", authorization.snapshotUser(request, appid))
                .add("csrf", authorization.csrfToken(request).orElse(""));
        phone.ifPresent(p -> o.add("phone", Phones.mask(p)));
        bindings.pendingPhone(appid, openid.get()).ifPresent(p -> o.add("pendingPhone", Phones.mask(p)));
        json(response, 200, o);
    }

    private static void answer(HttpServletResponse response, BindResult r) throws IOException {
        JsonObjectBuilder o = Json.createObjectBuilder()
                .add("ok", r.success())
                .add("outcome", r.outcome().name())
                .add("message", BindingTexts.of(r));
        if (r.outcome() == BindResult.Outcome.WRONG_CODE) {
            o.add("attemptsLeft", r.attemptsLeft());
        }
        json(response, 200, o);
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

    private static JsonObjectBuilder error(String message) {
        return Json.createObjectBuilder().add("error", message);
    }

    private static void json(HttpServletResponse response, int status, JsonObjectBuilder body) throws IOException {
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
                + " content=\"width=device-width,initial-scale=1\"><title>绑定手机号</title></head>"
                + "<body style=\"font-family:sans-serif;background:#ededed;margin:0;padding:40px 20px;text-align:center\">"
                + "<p>" + escape(message) + "</p></body></html>";
        response.getOutputStream().write(html.getBytes(StandardCharsets.UTF_8));
    }

    private static void noStore(HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
