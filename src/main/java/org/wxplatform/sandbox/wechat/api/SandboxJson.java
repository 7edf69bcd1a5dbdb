package org.wxplatform.sandbox.wechat.api;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.wxplatform.sandbox.wechat.SandboxAccount;
import org.wxplatform.sandbox.wechat.web.SandboxAccounts;

/** JSON answers of the sandbox's own endpoints: the value, or {@code {"error": "..."}} with a status. */
final class SandboxJson {

    private SandboxJson() {}

    static void write(HttpServletResponse response, int status, JsonStructure json) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getOutputStream().write(json.toString().getBytes(StandardCharsets.UTF_8));
    }

    static void error(HttpServletResponse response, int status, String message) throws IOException {
        JsonObject body = Json.createObjectBuilder().add("error", message).build();
        write(response, status, body);
    }

    /** The path's segments after the servlet's prefix ({@code /a/b} gives a, b), never null. */
    static String[] segments(String pathInfo) {
        if (pathInfo == null || pathInfo.length() < 2) {
            return new String[0];
        }
        return pathInfo.substring(1).split("/", -1);
    }

    /** The registered account, or empty after answering 404 naming the AppId. */
    static Optional<SandboxAccount> account(SandboxAccounts accounts, String appId, HttpServletResponse response)
            throws IOException {
        try {
            Optional<SandboxAccounts.Stored> found = accounts.find(appId);
            if (found.isPresent()) {
                return Optional.of(found.get().account());
            }
        } catch (IllegalArgumentException e) {
            error(response, 404, "appid must be 'wx' followed by 16 letters or digits");
            return Optional.empty();
        }
        error(response, 404, "no sandbox account " + appId + " (register it: PUT /sandbox/wechat/accounts/{appid})");
        return Optional.empty();
    }
}
