package org.wxplatform.platform.health;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.wxplatform.platform.web.ClientAddress;

/**
 * {@code GET /health}: 200 when every dependency is up, 503 otherwise; no stack traces. The detail (which
 * dependency, why, which node) only to a caller on this machine (the balancers and ops scripts; the
 * client address as {@link ClientAddress} resolves it) or a signed-in admin: anybody else learns up or
 * down, never the database's error text.
 */
@WebServlet(urlPatterns = "/health", loadOnStartup = 1)
public class HealthServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject
    transient HealthChecks checks;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HealthReport report = checks.run();
        response.setStatus(report.up() ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        String body = mayReadDetail(request) ? report.toJson() : report.toPublicJson();
        response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }

    static boolean mayReadDetail(HttpServletRequest request) {
        String client = ClientAddress.of(request);
        if (client.equals("127.0.0.1") || client.equals("::1") || client.equals("0:0:0:0:0:0:0:1")) {
            return true;
        }
        return request.isUserInRole("SUPER_ADMIN") || request.isUserInRole("ADMIN");
    }
}
