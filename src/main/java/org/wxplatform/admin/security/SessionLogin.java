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

    @Inject
    AdminUserService users;

    @Inject
    SignInGuard guard;

    @Inject
    SessionStore sessions;

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
        sessions.end(AdminAuthenticationMechanism.cookie(request, SessionStore.COOKIE));
        SessionStore.Session session =
                sessions.create(user.get().getUsername(), user.get().getRole().name());
        return Response.ok(me(session))
                .header("Set-Cookie", cookie(session.id(), sessions.idleSeconds()))
                .build();
    }

    /** HttpOnly, SameSite=Lax, Secure when the client came over TLS; no Max-Age: ends with the browser. */
    private String cookie(String value, int maxAge) {
        return SessionStore.COOKIE + "=" + value + "; Path="
                + (request.getContextPath().isEmpty() ? "/" : request.getContextPath())
                + "; HttpOnly; SameSite=Lax"
                + (ClientAddress.overTls(request) ? "; Secure" : "")
                + (maxAge == 0 ? "; Max-Age=0" : "");
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
        sessions.end(AdminAuthenticationMechanism.cookie(request, SessionStore.COOKIE));
        return Response.noContent().header("Set-Cookie", cookie("", 0)).build();
    }

    @GET
    @Path("/me")
    public Response whoAmI() {
        String id = AdminAuthenticationMechanism.cookie(request, SessionStore.COOKIE);
        var session = id == null ? java.util.Optional.<SessionStore.Session>empty() : sessions.find(id);
        if (session.isEmpty()) {
            return ErrorMappers.error(Response.Status.UNAUTHORIZED, "not signed in");
        }
        return Response.ok(me(session.get())).build();
    }

    private static JsonObject me(SessionStore.Session session) {
        return Json.createObjectBuilder()
                .add("username", session.user())
                .add("role", session.role())
                .add("csrf", session.csrf())
                .build();
    }
}
