package org.wxplatform.admin.web;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.wxplatform.account.AccountService;
import org.wxplatform.account.domain.AccountSettings;
import org.wxplatform.account.domain.MessageMode;
import org.wxplatform.platform.web.ErrorMappers;

/**
 * {@code /api/admin/accounts}: official accounts. Everyone in the admin reads; SUPER_ADMIN writes. The
 * secret and the AES key are never returned in full.
 */
@Path("/admin/accounts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AccountsResource {

    /** What an operator sends. */
    public record AccountInput(String appid, String name, String secret, String token, String aesKey, String mode) {
        AccountSettings settings() {
            return new AccountSettings(name, secret, token, aesKey, MessageMode.parse(mode));
        }
    }

    /** What an operator sees. */
    public record AccountView(
            String appid,
            String name,
            String mode,
            String secret,
            String token,
            String aesKey,
            String callbackPath,
            String updatedAt) {}

    @Inject
    AccountService accounts;

    @GET
    @RolesAllowed({"SUPER_ADMIN", "ADMIN"})
    public List<AccountView> list() {
        return accounts.list().stream().map(AccountsResource::view).toList();
    }

    @GET
    @Path("/{appid}")
    @RolesAllowed({"SUPER_ADMIN", "ADMIN"})
    public Response get(@PathParam("appid") String appid) {
        return accounts.find(appid)
                .map(a -> Response.ok(view(a)).build())
                .orElseGet(() -> ErrorMappers.error(Response.Status.NOT_FOUND, "no account " + appid));
    }

    /** Creates an account; 409 if the appid exists (use PUT to change it). */
    @POST
    @RolesAllowed("SUPER_ADMIN")
    public Response create(AccountInput input) {
        if (input == null) {
            return ErrorMappers.error(Response.Status.BAD_REQUEST, "a JSON body is required");
        }
        AccountSettings.checkAppid(input.appid());
        if (accounts.find(input.appid()).isPresent()) {
            return ErrorMappers.error(Response.Status.CONFLICT, "account " + input.appid() + " exists; PUT changes it");
        }
        accounts.upsert(input.appid(), input.settings());
        return Response.created(URI.create("/api/admin/accounts/" + input.appid()))
                .entity(view(accounts.find(input.appid()).orElseThrow()))
                .build();
    }

    /** Creates or replaces an account (idempotent): 201 when created, 200 otherwise. */
    @PUT
    @Path("/{appid}")
    @RolesAllowed("SUPER_ADMIN")
    public Response put(@PathParam("appid") String appid, AccountInput input) {
        if (input == null) {
            return ErrorMappers.error(Response.Status.BAD_REQUEST, "a JSON body is required");
        }
        if (input.appid() != null && !input.appid().equals(appid)) {
            return ErrorMappers.error(Response.Status.BAD_REQUEST, "appid in the body differs from the URL");
        }
        AccountService.Outcome outcome = accounts.upsert(appid, input.settings());
        AccountView view = view(accounts.find(appid).orElseThrow());
        return outcome == AccountService.Outcome.CREATED
                ? Response.created(URI.create("/api/admin/accounts/" + appid))
                        .entity(view)
                        .build()
                : Response.ok(view).header("X-WXP-Outcome", outcome.name()).build();
    }

    @DELETE
    @Path("/{appid}")
    @RolesAllowed("SUPER_ADMIN")
    public Response delete(@PathParam("appid") String appid) {
        return accounts.delete(appid)
                ? Response.noContent().build()
                : ErrorMappers.error(Response.Status.NOT_FOUND, "no account " + appid);
    }

    static AccountView view(org.wxplatform.account.domain.OfficialAccount a) {
        return new AccountView(
                a.getAppid(),
                a.getName(),
                a.getMode().wireName(),
                Masking.mask(a.getSecret()),
                Masking.mask(a.getToken()),
                a.getAesKey() == null ? null : Masking.mask(a.getAesKey()),
                "/wx/callback/" + a.getAppid(),
                a.getUpdatedAt().toString());
    }
}
