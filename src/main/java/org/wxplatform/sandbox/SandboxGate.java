package org.wxplatform.sandbox;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;

/**
 * Keeps the sandbox invisible unless it is switched on: every {@code /sandbox/*} request answers 404,
 * exactly like a path that does not exist, when {@code WXP_SANDBOX} is not {@code true}. The system
 * property {@code wxp.sandbox}, when set, overrides the environment (tests and single-node trials).
 *
 * <p>The setting is read on each request, so flipping the property takes effect at once; the cost is two
 * map look-ups.
 */
@WebFilter(urlPatterns = "/sandbox/*")
public class SandboxGate extends HttpFilter {

    private static final long serialVersionUID = 1L;

    /** Whether the sandbox is on: the property when set, else the environment variable; only "true" is on. */
    public static boolean enabled(String property, String environment) {
        String value = property != null && !property.isBlank() ? property : environment;
        return value != null && value.strip().toLowerCase(Locale.ROOT).equals("true");
    }

    /** Whether the sandbox is on in this process. */
    public static boolean enabled() {
        return enabled(System.getProperty("wxp.sandbox"), System.getenv("WXP_SANDBOX"));
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!enabled()) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        chain.doFilter(request, response);
    }
}
