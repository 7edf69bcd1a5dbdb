package org.wxplatform.sandbox.wechat.web;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.wxplatform.sandbox.wechat.SandboxAccount;

/**
 * {@code /sandbox/wechat/accounts}: the sandbox WeChat's copy of each account's console settings.
 *
 * <ul>
 *   <li>{@code GET /sandbox/wechat/accounts}: every account, a JSON array ordered by AppId.
 *   <li>{@code GET /sandbox/wechat/accounts/{appid}}: one account, 404 when unknown.
 *   <li>{@code PUT /sandbox/wechat/accounts/{appid}} with {@code {token, aesKey, mode, name, originalId, secret,
 *       callbackUrl}}:
 *       creates (201) or replaces (200) it and answers it as stored; 400 naming the bad member. A body
 *       without {@code secret} or {@code callbackUrl} keeps the stored value of that member.
 *   <li>{@code DELETE /sandbox/wechat/accounts/{appid}}: 204, or 404 when unknown.
 * </ul>
 *
 * No login: it is a development tool, and {@link org.wxplatform.sandbox.SandboxGate} hides it (404) unless
 * the sandbox is on. Bodies are JSON; errors are {@code {"error": "..."}} without internals.
 */
@WebServlet(urlPatterns = {"/sandbox/wechat/accounts", "/sandbox/wechat/accounts/*"})
public class SandboxAccountsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    /** An account is a few hundred bytes; anything far larger is not one. */
    static final int MAX_BODY = 16 * 1024;

    @Inject
    transient SandboxAccounts accounts;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo();
        if (path == null || path.equals("/")) {
            json(response, HttpServletResponse.SC_OK, SandboxAccountJson.toJson(accounts.list()));
            return;
        }
        Optional<String> appId = appId(path);
        if (appId.isEmpty()) {
            error(response, HttpServletResponse.SC_NOT_FOUND, "no such sandbox resource");
            return;
        }
        Optional<SandboxAccounts.Stored> found = accounts.find(appId.get());
        if (found.isEmpty()) {
            error(response, HttpServletResponse.SC_NOT_FOUND, "no sandbox account " + appId.get());
            return;
        }
        json(
                response,
                HttpServletResponse.SC_OK,
                SandboxAccountJson.toJson(found.get()).toString());
    }

    @Override
    protected void doPut(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<String> appId = appId(request.getPathInfo());
        if (appId.isEmpty()) {
            error(response, HttpServletResponse.SC_NOT_FOUND, "PUT /sandbox/wechat/accounts/{appid}");
            return;
        }
        String body;
        try (InputStream in = request.getInputStream()) {
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                error(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "the body is larger than 16 KB");
                return;
            }
            body = new String(bytes, StandardCharsets.UTF_8);
        }
        SandboxAccount account;
        try {
            account = SandboxAccountJson.fromJson(appId.get(), body);
        } catch (IllegalArgumentException e) {
            // messages of SandboxAccount and SandboxAccountJson name the member and never echo secrets
            error(response, HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
            return;
        }
        if (account.secret() != null && !productUsesTheSandbox()) {
            // the product talks to the real WeChat: its AppSecrets are production secrets, kept only sealed
            // in the product's database, never in the sandbox's registry
            error(
                    response,
                    HttpServletResponse.SC_CONFLICT,
                    "the product uses the real WeChat API (WXP_WECHAT_API_BASE): the sandbox takes no AppSecret");
            return;
        }
        // tools that only know the callback settings (scripts/wechat-sim register) leave the API settings alone
        Optional<SandboxAccounts.Stored> before = accounts.find(appId.get());
        if (before.isPresent()) {
            SandboxAccount old = before.get().account();
            account = account.withApi(
                    SandboxAccountJson.has(body, "secret") ? account.secret() : old.secret(),
                    SandboxAccountJson.has(body, "callbackUrl") ? account.callbackUrl() : old.callbackUrl());
        }
        SandboxAccounts.Stored stored = new SandboxAccounts.Stored(account, Instant.now());
        boolean created = accounts.put(account, stored.updatedAt());
        json(
                response,
                created ? HttpServletResponse.SC_CREATED : HttpServletResponse.SC_OK,
                SandboxAccountJson.toJson(stored).toString());
    }

    @Override
    protected void doDelete(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<String> appId = appId(request.getPathInfo());
        if (appId.isEmpty() || !accounts.delete(appId.get())) {
            error(response, HttpServletResponse.SC_NOT_FOUND, "no sandbox account " + appId.orElse(""));
            return;
        }
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }

    /** True unless {@code WXP_WECHAT_API_BASE} points anywhere but a sandbox WeChat API. */
    static boolean productUsesTheSandbox() {
        String base = System.getProperty("wxp.wechat.api.base");
        if (base == null || base.isBlank()) {
            base = System.getenv("WXP_WECHAT_API_BASE");
        }
        return base == null || base.isBlank() || base.contains("/sandbox/wechat/api");
    }

    /** The AppId of {@code /{appid}}; empty for any other path or an AppId of the wrong form. */
    static Optional<String> appId(String pathInfo) {
        if (pathInfo == null || pathInfo.length() < 2 || pathInfo.indexOf('/', 1) >= 0) {
            return Optional.empty();
        }
        String candidate = pathInfo.substring(1);
        try {
            return Optional.of(SandboxAccount.checkAppId(candidate));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static void json(HttpServletResponse response, int status, String json) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getOutputStream().write(json.getBytes(StandardCharsets.UTF_8));
    }

    private static void error(HttpServletResponse response, int status, String message) throws IOException {
        json(
                response,
                status,
                Json.createObjectBuilder().add("error", message).build().toString());
    }
}
