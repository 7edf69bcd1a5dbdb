package org.wxplatform.admin.security;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.wxplatform.platform.web.ClientAddress;
import org.wxplatform.platform.web.ErrorMappers;

/**
 * Sign-in for people (the admin pages and the agent console): a username and password once, then the
 * session. The session id changes at sign-in (no fixation) and the session gets a CSRF token that
 * pages send back on every write.
 */
@Path("/auth")
@Produces(MediaType.APPLICATION_JSON)
public class SessionLogin {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    AdminUserService users;

    @Inject
    SignInGuard guard;

    @Context
    HttpServletRequest request;

    @POST
    @Path("/login")
    public Response login(@FormParam("username") String username, @FormParam("password") String password) {
        if (username == null || password == null) {
            return ErrorMappers.error(Response.Status.BAD_REQUEST, "username and password are required");
        }
        String address = ClientAddress.of(request);
        long locked = guard.lockedSeconds(username, address);
        if (locked > 0) {
            return tooMany(locked);
        }
        var user = users.check(username, password.toCharArray());
        if (user.isEmpty()) {
            guard.failed(username, address);
            return ErrorMappers.error(Response.Status.UNAUTHORIZED, "wrong username or password");
        }
        guard.succeeded(username, address);
        HttpSession old = request.getSession(false);
        if (old != null) {
            old.invalidate();
        }
        HttpSession session = request.getSession(true);
        byte[] token = new byte[24];
        RANDOM.nextBytes(token);
        session.setAttribute(
                AdminAuthenticationMechanism.SESSION_USER, user.get().getUsername());
        session.setAttribute(
                AdminAuthenticationMechanism.SESSION_ROLE, user.get().getRole().name());
        session.setAttribute(
                AdminAuthenticationMechanism.SESSION_CSRF, HexFormat.of().formatHex(token));
        return Response.ok(me(session)).build();
    }

    /** 429 with Retry-After: the same answer whatever the password was. */
    static Response tooMany(long seconds) {
        return Response.fromResponse(ErrorMappers.error(
                        Response.Status.TOO_MANY_REQUESTS, "too many failed sign-ins: try again in " + seconds + " s"))
                .header("Retry-After", Long.toString(seconds))
                .build();
    }

    @POST
    @Path("/logout")
    public Response logout() {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        return Response.noContent().build();
    }

    @GET
    @Path("/me")
    public Response whoAmI() {
        HttpSession session = request.getSession(false);
        if (session == null || session.getAttribute(AdminAuthenticationMechanism.SESSION_USER) == null) {
            return ErrorMappers.error(Response.Status.UNAUTHORIZED, "not signed in");
        }
        return Response.ok(me(session)).build();
    }

    private static JsonObject me(HttpSession session) {
        return Json.createObjectBuilder()
                .add("username", (String) session.getAttribute(AdminAuthenticationMechanism.SESSION_USER))
                .add("role", (String) session.getAttribute(AdminAuthenticationMechanism.SESSION_ROLE))
                .add("csrf", (String) session.getAttribute(AdminAuthenticationMechanism.SESSION_CSRF))
                .build();
    }
}
