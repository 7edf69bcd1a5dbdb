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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.wxplatform.account.AccountService;
import org.wxplatform.customerservice.AutoReplyDraft;
import org.wxplatform.customerservice.AutoReplyEntry;
import org.wxplatform.customerservice.AutoReplyService;
import org.wxplatform.customerservice.ReplyContent;
import org.wxplatform.platform.web.ErrorMappers;

/**
 * {@code /api/admin/accounts/{appid}/autoreplies}: the keyword auto-reply of an account (SPEC §4.1,
 * §6.2), plus its {@code welcome} message and {@code miss-hint} (the nested resources below). Everyone in
 * the admin reads; SUPER_ADMIN writes. An unknown account is 404; bad input is 400 naming the field.
 *
 * <pre>
 * POST {"keyword": "营业厅", "match": "contains", "contents": [{"type": "text", "text": "..."}]}
 * contents: {"type": "text", "text"} | {"type": "news", "articles": [{"title", "description", "picUrl", "url"}]}
 *         | {"type": "image", "mediaId"}
 * </pre>
 */
@Path("/admin/accounts/{appid}/autoreplies")
@Produces(MediaType.APPLICATION_JSON)
public class AutoRepliesResource {

    /** One article of a news content, in and out. */
    public record Article(String title, String description, String picUrl, String url) {}

    /** One reply content, in and out: {@code type} says which other field counts. */
    public record Content(String type, String text, List<Article> articles, String mediaId) {}

    /** What an operator sends to create or replace an entry. */
    public record EntryInput(String keyword, String match, List<Content> contents) {}

    /** What an operator sees of an entry. */
    public record EntryView(
            long id,
            String keyword,
            String match,
            boolean hidden,
            List<Content> contents,
            String createdAt,
            String updatedAt) {}

    /** The answer of hide-all and show-all. */
    public record Changed(int changed) {}

    @Inject
    AccountService accounts;

    @Inject
    AutoReplyService autoReplies;

    @GET
    @RolesAllowed({"SUPER_ADMIN", "ADMIN"})
    public Response list(@PathParam("appid") String appid) {
        return withAccount(appid, () -> Response.ok(autoReplies.list(appid).stream()
                        .map(AutoRepliesResource::view)
                        .toList())
                .build());
    }

    /** One page of entries: {@code {"rows": [...], "next": cursor|null}}, filtered by keyword ({@code q}). */
    public record Page(List<EntryView> rows, String next) {}

    @GET
    @Path("/page")
    @RolesAllowed({"SUPER_ADMIN", "ADMIN"})
    public Response page(
            @PathParam("appid") String appid,
            @QueryParam("q") String query,
            @QueryParam("after") String after,
            @QueryParam("limit") String limit) {
        return withAccount(appid, () -> {
            int n;
            long afterId;
            try {
                n = limit == null || limit.isBlank() ? 50 : Integer.parseInt(limit.strip());
                afterId = after == null || after.isBlank() ? 0 : Long.parseLong(after.strip());
            } catch (NumberFormatException e) {
                return ErrorMappers.error(Response.Status.BAD_REQUEST, "limit and after: whole numbers expected");
            }
            if (n < 1 || n > 500) {
                return ErrorMappers.error(Response.Status.BAD_REQUEST, "limit: 1 to 500");
            }
            if (afterId < 0) {
                return ErrorMappers.error(Response.Status.BAD_REQUEST, "after: not a cursor of this list");
            }
            if (query != null && query.length() > AutoReplyService.KEYWORD_MAX) {
                return ErrorMappers.error(
                        Response.Status.BAD_REQUEST, "q: at most " + AutoReplyService.KEYWORD_MAX + " characters");
            }
            List<EntryView> rows = autoReplies.page(appid, query, afterId, n + 1).stream()
                    .map(AutoRepliesResource::view)
                    .toList();
            boolean more = rows.size() > n;
            List<EntryView> shown = more ? rows.subList(0, n) : rows;
            return Response.ok(new Page(
                            shown, more ? Long.toString(shown.get(n - 1).id()) : null))
                    .build();
        });
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({"SUPER_ADMIN", "ADMIN"})
    public Response get(@PathParam("appid") String appid, @PathParam("id") long id) {
        return withAccount(appid, () -> entry(appid, id, autoReplies.find(appid, id)));
    }

    /** Creates a visible entry: 201 with its Location and the entry. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("SUPER_ADMIN")
    public Response create(@PathParam("appid") String appid, EntryInput input, @Context UriInfo uri) {
        return withAccount(appid, () -> {
            if (input == null) {
                return ErrorMappers.error(Response.Status.BAD_REQUEST, "a JSON body is required");
            }
            AutoReplyEntry created = autoReplies.create(appid, draft(input));
            return Response.created(uri.getAbsolutePathBuilder()
                            .path(Long.toString(created.id()))
                            .build())
                    .entity(view(created))
                    .build();
        });
    }

    /** Replaces keyword, match and contents (the hidden flag stays). */
    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("SUPER_ADMIN")
    public Response update(@PathParam("appid") String appid, @PathParam("id") long id, EntryInput input) {
        return withAccount(appid, () -> {
            if (input == null) {
                return ErrorMappers.error(Response.Status.BAD_REQUEST, "a JSON body is required");
            }
            return entry(appid, id, autoReplies.update(appid, id, draft(input)));
        });
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed("SUPER_ADMIN")
    public Response delete(@PathParam("appid") String appid, @PathParam("id") long id) {
        return withAccount(
                appid,
                () -> autoReplies.delete(appid, id) ? Response.noContent().build() : noEntry(appid, id));
    }

    /** Hides one entry: it stays listed but never answers. */
    @POST
    @Path("/{id}/hide")
    @RolesAllowed("SUPER_ADMIN")
    public Response hide(@PathParam("appid") String appid, @PathParam("id") long id) {
        return withAccount(appid, () -> entry(appid, id, autoReplies.setHidden(appid, id, true)));
    }

    @POST
    @Path("/{id}/show")
    @RolesAllowed("SUPER_ADMIN")
    public Response show(@PathParam("appid") String appid, @PathParam("id") long id) {
        return withAccount(appid, () -> entry(appid, id, autoReplies.setHidden(appid, id, false)));
    }

    @POST
    @Path("/hide-all")
    @RolesAllowed("SUPER_ADMIN")
    public Response hideAll(@PathParam("appid") String appid) {
        return withAccount(appid, () -> Response.ok(new Changed(autoReplies.setAllHidden(appid, true)))
                .build());
    }

    @POST
    @Path("/show-all")
    @RolesAllowed("SUPER_ADMIN")
    public Response showAll(@PathParam("appid") String appid) {
        return withAccount(appid, () -> Response.ok(new Changed(autoReplies.setAllHidden(appid, false)))
                .build());
    }

    /**
     * {@code /api/admin/accounts/{appid}/welcome}: the message a new subscriber gets (one of its contents at
     * random). {@code PUT {"contents": [...]}} sets it; an empty list removes it.
     */
    @Path("/admin/accounts/{appid}/welcome")
    @Produces(MediaType.APPLICATION_JSON)
    public static class Welcome {

        /** The welcome message, in and out. */
        public record WelcomeBody(List<Content> contents) {}

        @Inject
        AccountService accounts;

        @Inject
        AutoReplyService autoReplies;

        @GET
        @RolesAllowed({"SUPER_ADMIN", "ADMIN"})
        public Response get(@PathParam("appid") String appid) {
            return withAccount(accounts, appid, () -> Response.ok(new WelcomeBody(contents(autoReplies.welcome(appid))))
                    .build());
        }

        @PUT
        @Consumes(MediaType.APPLICATION_JSON)
        @RolesAllowed("SUPER_ADMIN")
        public Response put(@PathParam("appid") String appid, WelcomeBody input) {
            return withAccount(accounts, appid, () -> {
                if (input == null) {
                    return ErrorMappers.error(Response.Status.BAD_REQUEST, "a JSON body with contents is required");
                }
                List<AutoReplyDraft.Content> drafts = input.contents() == null ? null : drafts(input.contents());
                return Response.ok(new WelcomeBody(contents(autoReplies.setWelcome(appid, drafts))))
                        .build();
            });
        }
    }

    /**
     * {@code /api/admin/accounts/{appid}/miss-hint}: the text sent when no keyword matches, pointing the
     * subscriber to a human agent. {@code PUT {"text": "..."}} sets it; a null or blank text goes back to
     * the default.
     */
    @Path("/admin/accounts/{appid}/miss-hint")
    @Produces(MediaType.APPLICATION_JSON)
    public static class MissHint {

        /** What an operator sends. */
        public record MissHintInput(String text) {}

        /** What an operator sees: the hint in force, and whether it is the account's own. */
        public record MissHintView(String text, boolean custom) {}

        @Inject
        AccountService accounts;

        @Inject
        AutoReplyService autoReplies;

        @GET
        @RolesAllowed({"SUPER_ADMIN", "ADMIN"})
        public Response get(@PathParam("appid") String appid) {
            return withAccount(accounts, appid, () -> {
                Optional<String> custom = autoReplies.customMissHint(appid);
                return Response.ok(new MissHintView(
                                custom.orElseGet(() -> autoReplies.missHint(appid)), custom.isPresent()))
                        .build();
            });
        }

        @PUT
        @Consumes(MediaType.APPLICATION_JSON)
        @RolesAllowed("SUPER_ADMIN")
        public Response put(@PathParam("appid") String appid, MissHintInput input) {
            return withAccount(accounts, appid, () -> {
                if (input == null) {
                    return ErrorMappers.error(Response.Status.BAD_REQUEST, "a JSON body with text is required");
                }
                String inForce = autoReplies.setMissHint(appid, input.text());
                return Response.ok(new MissHintView(
                                inForce, autoReplies.customMissHint(appid).isPresent()))
                        .build();
            });
        }
    }

    /** {@code GET /api/admin/accounts/{appid}/autoreplies.csv}: the keyword base as CSV, one row per content. */
    @Path("/admin/accounts/{appid}/autoreplies.csv")
    public static class Download {

        @Inject
        AccountService accounts;

        @Inject
        AutoReplyService autoReplies;

        @GET
        @Produces("text/csv")
        @RolesAllowed({"SUPER_ADMIN", "ADMIN"})
        public Response csv(@PathParam("appid") String appid) {
            return withAccount(accounts, appid, () -> {
                List<EntryView> entries = autoReplies.list(appid).stream()
                        .map(AutoRepliesResource::view)
                        .toList();
                return Csv.download(
                        "autoreplies-" + appid + ".csv",
                        List.of("编号", "关键词", "匹配方式", "状态", "类型", "内容", "更新时间"),
                        rows -> {
                            for (EntryView e : entries) {
                                for (Content c : e.contents()) {
                                    rows.row(
                                            e.id(),
                                            e.keyword(),
                                            e.match(),
                                            e.hidden() ? "隐藏" : "生效",
                                            c.type(),
                                            describe(c),
                                            e.updatedAt());
                                }
                            }
                        });
            });
        }

        private static String describe(Content c) {
            if (c.text() != null) {
                return c.text();
            }
            if (c.articles() != null) {
                StringBuilder b = new StringBuilder();
                for (Article a : c.articles()) {
                    b.append(b.length() == 0 ? "" : "\n")
                            .append(a.title())
                            .append(a.url() == null ? "" : " " + a.url());
                }
                return b.toString();
            }
            return c.mediaId();
        }
    }

    private Response withAccount(String appid, Supplier<Response> action) {
        return withAccount(accounts, appid, action);
    }

    static Response withAccount(AccountService accounts, String appid, Supplier<Response> action) {
        return accounts.find(appid).isPresent()
                ? action.get()
                : ErrorMappers.error(Response.Status.NOT_FOUND, "no account " + appid);
    }

    private static Response entry(String appid, long id, Optional<AutoReplyEntry> entry) {
        return entry.map(e -> Response.ok(view(e)).build()).orElseGet(() -> noEntry(appid, id));
    }

    private static Response noEntry(String appid, long id) {
        return ErrorMappers.error(Response.Status.NOT_FOUND, "no auto-reply " + id + " in account " + appid);
    }

    static AutoReplyDraft draft(EntryInput input) {
        return new AutoReplyDraft(
                input.keyword(), input.match(), input.contents() == null ? null : drafts(input.contents()));
    }

    static List<AutoReplyDraft.Content> drafts(List<Content> contents) {
        // null items stay null so that the service names them ("contents[2] must not be null")
        return contents.stream()
                .map(c -> c == null
                        ? null
                        : new AutoReplyDraft.Content(
                                c.type(),
                                c.text(),
                                c.articles() == null
                                        ? null
                                        : c.articles().stream()
                                                .map(a -> a == null
                                                        ? null
                                                        : new AutoReplyDraft.Article(
                                                                a.title(), a.description(), a.picUrl(), a.url()))
                                                .toList(),
                                c.mediaId()))
                .toList();
    }

    static EntryView view(AutoReplyEntry e) {
        return new EntryView(
                e.id(),
                e.keyword(),
                e.match().wireName(),
                e.hidden(),
                contents(e.contents()),
                e.createdAt().toString(),
                e.updatedAt().toString());
    }

    static List<Content> contents(List<ReplyContent> contents) {
        return contents.stream().map(AutoRepliesResource::content).toList();
    }

    private static Content content(ReplyContent c) {
        if (c instanceof ReplyContent.Text t) {
            return new Content(c.type(), t.text(), null, null);
        }
        if (c instanceof ReplyContent.News n) {
            return new Content(
                    c.type(),
                    null,
                    n.articles().stream()
                            .map(a -> new Article(a.title(), a.description(), a.picUrl(), a.url()))
                            .toList(),
                    null);
        }
        if (c instanceof ReplyContent.Image i) {
            return new Content(c.type(), null, null, i.mediaId());
        }
        throw new IllegalStateException("unknown content " + c.getClass().getName());
    }
}
