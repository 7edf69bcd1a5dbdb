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
import org.wxplatform.platform.web.PublicAddress;

/**
 * {@code /api/admin/accounts}: official accounts. Everyone in the admin reads; SUPER_ADMIN writes. The
 * secret and the AES key are never returned in full.
 */
@Path("/admin/accounts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AccountsResource {

    /**
     * What an operator sends. Changing an account, a secret, token or AES key left out (null) keeps the
     * stored one (the page never sees them in full); an empty AES key removes it.
     */
    public record AccountInput(String appid, String name, String secret, String token, String aesKey, String mode) {
        AccountSettings settings() {
            return new AccountSettings(name, secret, token, aesKey, MessageMode.parse(mode));
        }

        AccountInput keeping(org.wxplatform.account.domain.OfficialAccount stored) {
            return new AccountInput(
                    appid,
                    name == null ? stored.getName() : name,
                    secret == null ? stored.getSecret() : secret,
                    token == null ? stored.getToken() : token,
                    aesKey == null ? stored.getAesKey() : aesKey,
                    mode == null ? stored.getMode().wireName() : mode);
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
            String callbackUrl,
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
        AccountInput complete = accounts.find(appid).map(input::keeping).orElse(input);
        AccountService.Outcome outcome = accounts.upsert(appid, complete.settings());
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
                PublicAddress.base() + "/wx/callback/" + a.getAppid(),
                a.getUpdatedAt().toString());
    }

    /** {@code GET /api/admin/accounts.csv}: the list as CSV, masked as in the list. */
    @Path("/admin/accounts.csv")
    public static class Download {

        @Inject
        AccountService accounts;

        @GET
        @Produces("text/csv")
        @RolesAllowed({"SUPER_ADMIN", "ADMIN"})
        public Response csv() {
            List<AccountView> list =
                    accounts.list().stream().map(AccountsResource::view).toList();
            return Csv.download(
                    "accounts.csv",
                    List.of("AppID", "名称", "模式", "AppSecret", "Token", "EncodingAESKey", "回调地址", "更新时间"),
                    rows -> {
                        for (AccountView a : list) {
                            rows.row(
                                    a.appid(),
                                    a.name(),
                                    a.mode(),
                                    a.secret(),
                                    a.token(),
                                    a.aesKey(),
                                    a.callbackUrl(),
                                    a.updatedAt());
                        }
                    });
        }
    }
}
