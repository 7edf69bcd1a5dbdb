package org.wxplatform.admin.web;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
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
import jakarta.ws.rs.core.SecurityContext;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.wxplatform.account.AccountService;
import org.wxplatform.account.wechat.UserTag;
import org.wxplatform.account.wechat.WeChatApiException;
import org.wxplatform.activity.Activity;
import org.wxplatform.activity.ActivityDraft;
import org.wxplatform.activity.ActivityModule;
import org.wxplatform.activity.ActivityService;
import org.wxplatform.activity.Audience;
import org.wxplatform.activity.AudienceTag;
import org.wxplatform.activity.Participation;
import org.wxplatform.activity.Prize;
import org.wxplatform.activity.PrizeDraft;
import org.wxplatform.activity.SubscriberView;
import org.wxplatform.activity.TagsUnavailableException;
import org.wxplatform.customerservice.AutoReplyDraft;
import org.wxplatform.customerservice.AutoReplyEntry;
import org.wxplatform.customerservice.AutoReplyService;
import org.wxplatform.platform.web.ErrorMappers;
import org.wxplatform.platform.web.PublicAddress;

/**
 * {@code /api/admin/accounts/{appid}/activities}: activities (SPEC §5.1, §6.4). Everyone in the admin
 * reads; SUPER_ADMIN creates, edits drafts, publishes, ends and adds the keyword reply.
 *
 * <pre>
 * GET  .../activities                 {"rows": [activity]}
 * POST .../activities                 body: input → 201 activity (a draft)
 * GET  .../activities/{id}            activity: {"id", "title", "body", "images", "module", "audience", "tagId"?,
 *                                     "tagName"?, "startsAt", "endsAt", "state", "phase", "prizes": [{"name",
 *                                     "stock", "remaining", "chanceBp"}], "entryUrl", "participants", ...}
 * PUT  .../activities/{id}            body: input → activity (drafts only; 409 once published)
 * POST .../activities/{id}/publish    → activity (draft → published; 409 otherwise)
 * POST .../activities/{id}/end        → activity (published → ended)
 * GET  .../activities/{id}/preview    {"activity": what the subscriber's page shows, "preview": true,
 *                                     "audience": {"kind", "tagId"?, "tagName"?}}
 * GET  .../activities/tags            {"tags": [{"id", "name", "count"}]} the account's user tags read from
 *                                     WeChat now (502 when WeChat cannot be asked)
 * GET  .../activities/{id}/records    {"rows": [record]} the newest 200 participations
 * POST .../activities/{id}/keyword    {"keyword"} → 201 the auto-reply entry sending the entry URL as a news
 * GET  .../activities/records?openid=|phone=   {"rows": [record]} one subscriber's participations
 * </pre>
 *
 * input: {@code {"title", "body", "images": [url], "module": LOTTERY|SHAKE|REDPACKET_SQUARE, "audience":
 * ALL|BOUND|TAG, "tagId" (TAG only: one of the account's WeChat tags), "startsAt", "endsAt" (ISO-8601 with
 * offset), "prizes": [{"name", "stock", "chanceBp"}]}}; images are the addresses the image upload ({@code
 * .../images}) answered. A TAG audience without {@code tagId}, or with an id WeChat does not list for the
 * account, is a 400; the tag's name is taken from WeChat (502 when WeChat cannot be asked).
 */
@Path("/admin/accounts/{appid}/activities")
@Produces(MediaType.APPLICATION_JSON)
public class ActivitiesResource {

    @Inject
    AccountService accounts;

    @Inject
    ActivityService activities;

    @Inject
    AutoReplyService autoReplies;

    @Context
    HttpServletRequest request;

    public record PrizeInput(String name, Integer stock, Integer chanceBp) {}

    public record ActivityInput(
            String title,
            String body,
            List<String> images,
            String module,
            String audience,
            Long tagId,
            String startsAt,
            String endsAt,
            List<PrizeInput> prizes) {}

    public record KeywordInput(String keyword) {}

    @GET
    @RolesAllowed({"SUPER_ADMIN", "ADMIN"})
    public Response list(@PathParam("appid") String appid) {
        return withAccount(appid, () -> {
            JsonArrayBuilder rows = Json.createArrayBuilder();
            activities.list(appid).forEach(a -> rows.add(view(a)));
            return Response.ok(Json.createObjectBuilder().add("rows", rows).build())
                    .build();
        });
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("SUPER_ADMIN")
    public Response create(@PathParam("appid") String appid, ActivityInput input, @Context SecurityContext caller) {
        return withAccount(
                appid,
                () -> tagged(() -> {
                    Activity a = activities.create(
                            appid, draft(input), caller.getUserPrincipal().getName());
                    return Response.status(Response.Status.CREATED)
                            .entity(view(a).build())
                            .build();
                }));
    }

    @GET
    @Path("/tags")
    @RolesAllowed({"SUPER_ADMIN", "ADMIN"})
    public Response tags(@PathParam("appid") String appid) {
        return withAccount(appid, () -> {
            List<UserTag> tags;
            try {
                tags = activities.tags(appid);
            } catch (WeChatApiException e) {
                return wechatDown(e.errcode());
            }
            JsonArrayBuilder rows = Json.createArrayBuilder();
            for (UserTag t : tags) {
                rows.add(Json.createObjectBuilder()
                        .add("id", t.id())
                        .add("name", t.name())
                        .add("count", t.count()));
            }
            return Response.ok(Json.createObjectBuilder().add("tags", rows).build())
                    .build();
        });
    }

    @GET
    @Path("/{id: [0-9]+}")
    @RolesAllowed({"SUPER_ADMIN", "ADMIN"})
    public Response get(@PathParam("appid") String appid, @PathParam("id") long id) {
        return withAccount(appid, () -> answer(appid, id, activities.find(appid, id)));
    }

    @PUT
    @Path("/{id: [0-9]+}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("SUPER_ADMIN")
    public Response update(@PathParam("appid") String appid, @PathParam("id") long id, ActivityInput input) {
        return withAccount(
                appid,
                () -> tagged(() -> stateful(() -> answer(appid, id, activities.update(appid, id, draft(input))))));
    }

    @POST
    @Path("/{id: [0-9]+}/publish")
    @RolesAllowed("SUPER_ADMIN")
    public Response publish(@PathParam("appid") String appid, @PathParam("id") long id) {
        return withAccount(appid, () -> stateful(() -> answer(appid, id, activities.publish(appid, id))));
    }

    @POST
    @Path("/{id: [0-9]+}/end")
    @RolesAllowed("SUPER_ADMIN")
    public Response end(@PathParam("appid") String appid, @PathParam("id") long id) {
        return withAccount(appid, () -> stateful(() -> answer(appid, id, activities.end(appid, id))));
    }

    @GET
    @Path("/{id: [0-9]+}/preview")
    @RolesAllowed({"SUPER_ADMIN", "ADMIN"})
    public Response preview(@PathParam("appid") String appid, @PathParam("id") long id) {
        return withAccount(appid, () -> activities
                .find(appid, id)
                .map(a -> Response.ok(Json.createObjectBuilder()
                                .add("activity", SubscriberView.of(a, Instant.now()))
                                .add("preview", true)
                                .add("audience", audience(a))
                                .add(
                                        "me",
                                        Json.createObjectBuilder()
                                                .add("snapshot", false)
                                                .add("inAudience", true))
                                .add(
                                        "links",
                                        Json.createObjectBuilder()
                                                .add("bind", request.getContextPath() + "/h5/bind?appid=" + appid)
                                                .add(
                                                        "redpacket",
                                                        request.getContextPath() + "/h5/redpacket.html?appid=" + appid))
                                .build())
                        .build())
                .orElseGet(() -> none(appid, id)));
    }

    @GET
    @Path("/{id: [0-9]+}/records")
    @RolesAllowed({"SUPER_ADMIN", "ADMIN"})
    public Response records(@PathParam("appid") String appid, @PathParam("id") long id) {
        return withAccount(appid, () -> activities
                .find(appid, id)
                .map(a -> rows(activities.records(a.id(), 200)))
                .orElseGet(() -> none(appid, id)));
    }

    @GET
    @Path("/records")
    @RolesAllowed({"SUPER_ADMIN", "ADMIN"})
    public Response lookup(
            @PathParam("appid") String appid, @QueryParam("openid") String openid, @QueryParam("phone") String phone) {
        return withAccount(appid, () -> {
            if ((openid == null || openid.isBlank()) && (phone == null || phone.isBlank())) {
                return ErrorMappers.error(Response.Status.BAD_REQUEST, "openid or phone: one is needed");
            }
            if (openid != null && openid.length() > 64) {
                return ErrorMappers.error(Response.Status.BAD_REQUEST, "openid: at most 64 characters");
            }
            return rows(activities.records(appid, openid, phone, 200));
        });
    }

    @POST
    @Path("/{id: [0-9]+}/keyword")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("SUPER_ADMIN")
    public Response keyword(@PathParam("appid") String appid, @PathParam("id") long id, KeywordInput input) {
        return withAccount(appid, () -> {
            Optional<Activity> found = activities.find(appid, id);
            if (found.isEmpty()) {
                return none(appid, id);
            }
            Activity a = found.get();
            String description = a.body().length() > 120 ? a.body().substring(0, 120) + "…" : a.body();
            AutoReplyEntry entry = autoReplies.create(
                    appid,
                    new AutoReplyDraft(
                            input == null ? null : input.keyword(),
                            "equals",
                            List.of(AutoReplyDraft.Content.news(new AutoReplyDraft.Article(
                                    a.title(),
                                    description,
                                    a.images().isEmpty() ? null : a.images().get(0),
                                    entryUrl(a))))));
            return Response.status(Response.Status.CREATED)
                    .entity(Json.createObjectBuilder()
                            .add("id", entry.id())
                            .add("keyword", entry.keyword())
                            .add("url", entryUrl(a))
                            .build())
                    .build();
        });
    }

    private Response withAccount(String appid, Supplier<Response> action) {
        return AutoRepliesResource.withAccount(accounts, appid, action);
    }

    /** A TAG audience whose tag could not be looked up at WeChat: 502, saying so. */
    private static Response tagged(Supplier<Response> action) {
        try {
            return action.get();
        } catch (TagsUnavailableException e) {
            return wechatDown(e.errcode());
        }
    }

    private static Response wechatDown(int errcode) {
        return ErrorMappers.error(
                Response.Status.BAD_GATEWAY,
                "WeChat's user tags could not be read now"
                        + (errcode == WeChatApiException.NO_ERRCODE ? "" : ": errcode " + errcode)
                        + "; try again");
    }

    /** Who may take part, for the admin (the tag's name is shown to operators only). */
    private static JsonObjectBuilder audience(Activity a) {
        JsonObjectBuilder o =
                Json.createObjectBuilder().add("kind", a.audience().name());
        if (a.tag() != null) {
            o.add("tagId", a.tag().id())
                    .add("tagName", a.tag().name() == null ? "" : a.tag().name());
        }
        return o;
    }

    private static Response stateful(Supplier<Response> action) {
        try {
            return action.get();
        } catch (IllegalStateException e) {
            return ErrorMappers.error(Response.Status.CONFLICT, e.getMessage());
        }
    }

    private Response answer(String appid, long id, Optional<Activity> a) {
        return a.map(x -> Response.ok(view(x).build()).build()).orElseGet(() -> none(appid, id));
    }

    private static Response none(String appid, long id) {
        return ErrorMappers.error(Response.Status.NOT_FOUND, "no activity " + id + " in account " + appid);
    }

    private static Response rows(List<Participation> records) {
        JsonArrayBuilder rows = Json.createArrayBuilder();
        for (Participation p : records) {
            JsonObjectBuilder o = Json.createObjectBuilder()
                    .add("id", p.id())
                    .add("activityId", p.activityId())
                    .add("activity", p.activityTitle())
                    .add("openid", p.openid())
                    .add("phone", p.phone() == null ? "" : org.wxplatform.business.binding.Phones.mask(p.phone()))
                    .add("outcome", p.outcome())
                    .add("prize", p.prizeName() == null ? "" : p.prizeName())
                    .add("at", p.createdAt().toString());
            rows.add(o);
        }
        return Response.ok(Json.createObjectBuilder().add("rows", rows).build()).build();
    }

    /** The entry URL for a menu or a keyword reply: the configured public base, never the Host header. */
    private String entryUrl(Activity a) {
        return PublicAddress.base() + request.getContextPath() + "/h5/activity?appid=" + a.appid() + "&id=" + a.id();
    }

    private JsonObjectBuilder view(Activity a) {
        JsonArrayBuilder images = Json.createArrayBuilder();
        a.images().forEach(images::add);
        JsonArrayBuilder prizes = Json.createArrayBuilder();
        for (Prize p : a.prizes()) {
            prizes.add(Json.createObjectBuilder()
                    .add("name", p.name())
                    .add("stock", p.stock())
                    .add("remaining", p.remaining())
                    .add("chanceBp", p.chanceBp()));
        }
        JsonObjectBuilder o = Json.createObjectBuilder()
                .add("id", a.id())
                .add("appid", a.appid())
                .add("title", a.title())
                .add("body", a.body())
                .add("images", images)
                .add("module", a.module().name())
                .add("audience", a.audience().name())
                .add("startsAt", a.startsAt().toString())
                .add("endsAt", a.endsAt().toString())
                .add("state", a.state().name())
                .add("phase", a.phase(Instant.now()).name())
                .add("prizes", prizes)
                .add("entryUrl", entryUrl(a))
                .add("createdBy", a.createdBy())
                .add("createdAt", a.createdAt().toString())
                .add("updatedAt", a.updatedAt().toString());
        if (a.tag() != null) {
            o.add("tagId", a.tag().id())
                    .add("tagName", a.tag().name() == null ? "" : a.tag().name());
        }
        if (a.publishedAt() != null) {
            o.add("publishedAt", a.publishedAt().toString());
        }
        if (a.endedAt() != null) {
            o.add("endedAt", a.endedAt().toString());
        }
        return o;
    }

    static ActivityDraft draft(ActivityInput in) {
        if (in == null) {
            throw new IllegalArgumentException("a JSON body is required");
        }
        List<PrizeDraft> prizes = new ArrayList<>();
        if (in.prizes() != null) {
            for (int i = 0; i < in.prizes().size(); i++) {
                PrizeInput p = in.prizes().get(i);
                if (p == null || p.stock() == null || p.chanceBp() == null) {
                    throw new IllegalArgumentException("prizes[" + i + "]: name, stock and chanceBp are needed");
                }
                prizes.add(new PrizeDraft(p.name(), p.stock(), p.chanceBp()));
            }
        }
        return new ActivityDraft(
                in.title(),
                in.body(),
                in.images(),
                choice(ActivityModule.class, "module", in.module()),
                choice(Audience.class, "audience", in.audience()),
                in.tagId() == null ? null : new AudienceTag(in.tagId(), null),
                instant("startsAt", in.startsAt()),
                instant("endsAt", in.endsAt()),
                prizes);
    }

    private static <E extends Enum<E>> E choice(Class<E> type, String field, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    field + ": one of " + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    private static Instant instant(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.strip()).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(value.strip());
            } catch (DateTimeParseException e2) {
                throw new IllegalArgumentException(
                        field + ": an ISO-8601 time with offset, e.g. 2026-12-01T08:00:00+08:00");
            }
        }
    }
}
