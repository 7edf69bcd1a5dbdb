package org.wxplatform.admin.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import org.wxplatform.platform.web.ClientAddress;
import org.wxplatform.platform.web.PublicAddress;

/**
 * One mechanism for two kinds of clients:
 *
 * <ul>
 *   <li>automation sends HTTP Basic on every request to {@code /api/admin/**} (no session is made); a
 *       Basic write that a browser sends from another site's page ({@code Sec-Fetch-Site}, {@code Origin})
 *       is refused, since a browser replays Basic credentials it once was given;
 *   <li>people sign in once on the login page ({@link SessionLogin}); the session then carries who
 *       they are, and a write through the session must also carry the session's CSRF token in
 *       {@value #CSRF_HEADER}.
 * </ul>
 *
 * Unauthenticated requests to protected API paths get 401 with a Basic challenge; to protected pages,
 * a redirect to the login page.
 */
@ApplicationScoped
public class AdminAuthenticationMechanism implements HttpAuthenticationMechanism {

    public static final String CSRF_HEADER = "X-WXP-CSRF";

    @Inject
    IdentityStoreHandler identityStores;

    @Inject
    SignInGuard guard;

    @Inject
    SessionStore sessions;

    @Override
    public AuthenticationStatus validateRequest(
            HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            UsernamePasswordCredential credential =
                    decodeBasic(authorization.substring(6).trim());
            if (credential == null) {
                return challenge(request, response, context);
            }
            if (isWrite(request) && PublicAddress.crossSite(request)) {
                // a browser keeps Basic credentials and sends them with another site's form: such a
                // write is refused as a session write without its token is
                return deny(response, context, HttpServletResponse.SC_FORBIDDEN, "cross-site write refused");
            }
            String address = ClientAddress.of(request);
            long locked = guard.lockedSeconds(credential.getCaller(), address);
            if (locked > 0) {
                response.setHeader("Retry-After", Long.toString(locked));
                return deny(response, context, 429, "too many failed sign-ins: try again in " + locked + " s");
            }
            CredentialValidationResult result = identityStores.validate(credential);
            if (result.getStatus() == CredentialValidationResult.Status.VALID) {
                guard.succeeded(credential.getCaller(), address);
                return context.notifyContainerAboutLogin(result);
            }
            guard.failed(credential.getCaller(), address);
            return challenge(request, response, context);
        }

        Credential programmatic = context.getAuthParameters().getCredential();
        if (programmatic != null) {
            CredentialValidationResult result = identityStores.validate(programmatic);
            return result.getStatus() == CredentialValidationResult.Status.VALID
                    ? context.notifyContainerAboutLogin(result)
                    : context.responseUnauthorized();
        }

        SessionStore.Session session = sessionOf(request);
        if (session != null) {
            if (isWrite(request) && !csrfMatches(request, session.csrf())) {
                // a cross-site form can ride on the session cookie: protected writes need the token,
                // unprotected ones (sign-out) simply run without the session's identity
                return context.isProtected()
                        ? deny(response, context, HttpServletResponse.SC_FORBIDDEN, "missing or wrong " + CSRF_HEADER)
                        : context.doNothing();
            }
            return context.notifyContainerAboutLogin(session.user(), Set.of(session.role()));
        }

        if (!context.isProtected()) {
            return context.doNothing();
        }
        return challenge(request, response, context);
    }

    private static AuthenticationStatus challenge(
            HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.startsWith("/api/")) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"wxplatform\", charset=\"UTF-8\"");
            return deny(response, context, HttpServletResponse.SC_UNAUTHORIZED, "authentication required");
        }
        return context.redirect(request.getContextPath() + "/login.html");
    }

    private static AuthenticationStatus deny(
            HttpServletResponse response, HttpMessageContext context, int status, String message) {
        try {
            response.setStatus(status);
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            response.getWriter().write("{\"error\":\"" + message + "\"}");
        } catch (java.io.IOException e) {
            // the client went away; nothing to tell it
        }
        return AuthenticationStatus.SEND_FAILURE;
    }

    private static boolean isWrite(HttpServletRequest request) {
        String method = request.getMethod();
        return !("GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method));
    }

    /** The Redis session named by the request's cookie, or null. */
    SessionStore.Session sessionOf(HttpServletRequest request) {
        String id = cookie(request, SessionStore.COOKIE);
        if (id == null) {
            return null;
        }
        try {
            return sessions.find(id).orElse(null);
        } catch (redis.clients.jedis.exceptions.JedisException e) {
            return null;
        }
    }

    static String cookie(HttpServletRequest request, String name) {
        jakarta.servlet.http.Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (jakarta.servlet.http.Cookie c : cookies) {
                if (name.equals(c.getName())) {
                    return c.getValue();
                }
            }
        }
        return null;
    }

    private static boolean csrfMatches(HttpServletRequest request, String expected) {
        String given = request.getHeader(CSRF_HEADER);
        return expected != null
                && given != null
                && java.security.MessageDigest.isEqual(
                        expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    static UsernamePasswordCredential decodeBasic(String encoded) {
        try {
            String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon <= 0) {
                return null;
            }
            return new UsernamePasswordCredential(decoded.substring(0, colon), decoded.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
