package org.wxplatform.sandbox.carrier;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.wxplatform.sandbox.SandboxGate;

/**
 * The simulated carrier's "down" switch: while the control endpoint says {@code down}, every request to the
 * SOAP endpoint (calls and {@code ?wsdl}) answers HTTP 503 with no SOAP body, as a carrier behind a failing
 * load balancer does.
 */
@WebFilter(urlPatterns = "/sandbox/carrier/soap")
public class CarrierDownSwitch extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Inject
    transient CarrierSimState state;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!SandboxGate.enabled()) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        if (state.config().down()) {
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter().write("carrier system unavailable\n");
            return;
        }
        chain.doFilter(request, response);
    }
}
