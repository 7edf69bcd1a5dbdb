package org.wxplatform.h5.web;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.wxplatform.h5.auth.WebAuthorization;

/**
 * The common steps of the subscriber pages. A page is {@code GET /h5/<page>?appid=..[&id=..]}: served when
 * the browser's H5 session holds the account's openid; else the browser goes to WeChat's web
 * authorization, which returns to the same address with {@code code} and {@code state} added, and the
 * page is served once the code is exchanged. The page then replaces its address with the clean one
 * (and keeps the entry address for the iOS JS-SDK signature, see {@code share.js}).
 */
public final class H5Pages {

    private static final Logger LOG = Logger.getLogger(H5Pages.class.getName());
    public static final Pattern APPID = Pattern.compile("wx[0-9A-Za-z]{16}");
    static final int MAX_BODY = 2048;

    private H5Pages() {}

    /**
     * Serves {@code page} (a file of the WAR) to an authorized browser, finishes WeChat's return, or sends
     * the browser to be authorized with {@code returnPath} (path and query, below the context) as the way back.
     */
    public static void authorizedPage(
            WebAuthorization authorization,
            ServletContext context,
            HttpServletRequest request,
            HttpServletResponse response,
            String appid,
            String returnPath,
            String page,
            String title)
            throws IOException {
        String code = request.getParameter("code");
        if (authorization.openid(request, appid).isPresent()) {
            servePage(context, response, page);
            return;
        }
        try {
            if (code != null) {
                authorization.complete(request, response, appid, code, request.getParameter("state"));
                servePage(context, response, page);
            } else {
                response.sendRedirect(authorization.authorizeUrl(request, response, appid, returnPath));
            }
        } catch (WebAuthorization.Refused e) {
            LOG.info("web authorization for " + appid + " refused: " + e.getMessage());
            notice(response, e.status(), title, e.getMessage());
        }
    }

    public static void servePage(ServletContext context, HttpServletResponse response, String page) throws IOException {
        try (InputStream in = context.getResourceAsStream(page)) {
            if (in == null) {
                notice(response, 500, "错误", "页面缺失。");
                return;
            }
            response.setStatus(200);
            response.setContentType("text/html");
            response.setCharacterEncoding("UTF-8");
            noStore(response);
            in.transferTo(response.getOutputStream());
        }
    }

    /** A write's checks: JSON body type and the session's CSRF token; answers false after answering. */
    public static boolean writable(
            WebAuthorization authorization, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        String type = request.getContentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            json(response, 415, error("Content-Type must be application/json"));
            return false;
        }
        if (!authorization.csrfMatches(request)) {
            json(response, 403, error("missing or wrong " + WebAuthorization.CSRF_HEADER));
            return false;
        }
        return true;
    }

    /** The body as a JSON object; {@link IllegalArgumentException} with the reason otherwise. */
    public static JsonObject readBody(HttpServletRequest request) throws IOException {
        byte[] bytes = request.getInputStream().readNBytes(MAX_BODY + 1);
        if (bytes.length > MAX_BODY) {
            throw new IllegalArgumentException("request body too large");
        }
        try {
            JsonValue v = Json.createReader(new StringReader(new String(bytes, StandardCharsets.UTF_8)))
                    .readValue();
            if (v.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new IllegalArgumentException("a JSON object is expected");
            }
            return v.asJsonObject();
        } catch (JsonException e) {
            throw new IllegalArgumentException("malformed JSON");
        }
    }

    public static Optional<String> string(JsonObject o, String name) {
        JsonValue v = o.get(name);
        return v instanceof JsonString s ? Optional.of(s.getString()) : Optional.empty();
    }

    public static JsonObjectBuilder error(String message) {
        return Json.createObjectBuilder().add("error", message);
    }

    public static void json(HttpServletResponse response, int status, JsonObjectBuilder body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        noStore(response);
        response.getOutputStream().write(body.build().toString().getBytes(StandardCharsets.UTF_8));
    }

    public static void notice(HttpServletResponse response, int status, String title, String message)
            throws IOException {
        response.setStatus(status);
        response.setContentType("text/html");
        response.setCharacterEncoding("UTF-8");
        noStore(response);
        String html = "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><meta name=\"viewport\""
                + " content=\"width=device-width,initial-scale=1\"><title>" + escape(title) + "</title>"
                + "<link rel=\"stylesheet\" href=\"" + "../lib/weui/weui.min.css\"></head><body>"
                + "<div class=\"weui-msg\"><div class=\"weui-msg__icon-area\"><i class=\"weui-icon-warn weui-icon_msg\"></i></div>"
                + "<div class=\"weui-msg__text-area\"><h2 class=\"weui-msg__title\">" + escape(title) + "</h2>"
                + "<p class=\"weui-msg__desc\">" + escape(message) + "</p></div></div></body></html>";
        response.getOutputStream().write(html.getBytes(StandardCharsets.UTF_8));
    }

    /** No caching (a page carries the subscriber's data), no sniffing; framed only by the product itself. */
    public static void noStore(HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "SAMEORIGIN");
    }

    public static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
