package org.wxplatform.admin.web;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import java.util.Locale;
import org.wxplatform.admin.security.AdminUserService;
import org.wxplatform.admin.security.Role;
import org.wxplatform.platform.web.ErrorMappers;

/** {@code /api/admin/users}: admin, super-admin and agent accounts (SUPER_ADMIN writes). */
@Path("/admin/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AdminUsersResource {

    public record UserInput(String password, String role) {}

    public record UserView(String username, String role, boolean enabled, String createdAt) {}

    @Inject
    AdminUserService users;

    @GET
    @RolesAllowed({"SUPER_ADMIN", "ADMIN"})
    public List<UserView> list() {
        return users.list().stream()
                .map(u -> new UserView(
                        u.getUsername(),
                        u.getRole().name(),
                        u.isEnabled(),
                        u.getCreatedAt().toString()))
                .toList();
    }

    /** Creates the user or sets its password and role: 201 when created, 200 otherwise. */
    @PUT
    @Path("/{username}")
    @RolesAllowed("SUPER_ADMIN")
    public Response put(@PathParam("username") String username, UserInput input) {
        if (input == null || input.role() == null) {
            return ErrorMappers.error(Response.Status.BAD_REQUEST, "password and role are required");
        }
        Role role;
        try {
            role = Role.valueOf(input.role().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return ErrorMappers.error(Response.Status.BAD_REQUEST, "role must be SUPER_ADMIN, ADMIN or AGENT");
        }
        boolean created;
        try {
            created = users.save(
                    username, input.password() == null ? null : input.password().toCharArray(), role);
        } catch (AdminUserService.LastSuperAdminException e) {
            return ErrorMappers.error(Response.Status.CONFLICT, e.getMessage());
        }
        return Response.status(created ? Response.Status.CREATED : Response.Status.OK)
                .entity(new UserView(username, role.name(), true, null))
                .build();
    }

    @DELETE
    @Path("/{username}")
    @RolesAllowed("SUPER_ADMIN")
    public Response delete(@PathParam("username") String username, @Context SecurityContext caller) {
        if (caller.getUserPrincipal() != null
                && username.equals(caller.getUserPrincipal().getName())) {
            return ErrorMappers.error(Response.Status.CONFLICT, "you cannot delete yourself");
        }
        try {
            return users.delete(username)
                    ? Response.noContent().build()
                    : ErrorMappers.error(Response.Status.NOT_FOUND, "no user " + username);
        } catch (AdminUserService.LastSuperAdminException e) {
            return ErrorMappers.error(Response.Status.CONFLICT, e.getMessage());
        }
    }

    /** {@code GET /api/admin/users.csv}: the users as CSV (no password hashes, ever). */
    @Path("/admin/users.csv")
    public static class Download {

        @Inject
        AdminUserService users;

        @GET
        @Produces("text/csv")
        @RolesAllowed({"SUPER_ADMIN", "ADMIN"})
        public Response csv() {
            var list = users.list();
            return Csv.download("users.csv", List.of("用户名", "角色", "启用", "创建时间"), rows -> {
                for (var u : list) {
                    rows.row(u.getUsername(), u.getRole().name(), u.isEnabled() ? "是" : "否", u.getCreatedAt());
                }
            });
        }
    }
}
