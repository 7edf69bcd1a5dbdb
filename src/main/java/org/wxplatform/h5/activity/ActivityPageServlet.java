package org.wxplatform.h5.activity;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import org.wxplatform.account.AccountDirectory;
import org.wxplatform.activity.Activity;
import org.wxplatform.activity.ActivityService;
import org.wxplatform.activity.ActivityState;
import org.wxplatform.activity.ActivityTexts;
import org.wxplatform.activity.Audience;
import org.wxplatform.activity.DrawResult;
import org.wxplatform.activity.Membership;
import org.wxplatform.activity.Participation;
import org.wxplatform.activity.SubscriberView;
import org.wxplatform.h5.auth.WebAuthorization;
import org.wxplatform.h5.web.H5Pages;

/**
 * The activity page and its calls:
 *
 * <ul>
 *   <li>{@code GET /h5/activity?appid=&id=}: the page (behind web authorization, {@link H5Pages});
 *   <li>{@code GET /h5/activity/api/view?appid=&id=}: {@code {"activity": SubscriberView, "me": {"snapshot",
 *       "inAudience", "audienceUnknown"?, "message"?, "bindFirst"?, "participation"?}, "csrf", "links":
 *       {"bind", "redpacket"}}}; {@code message} says why a subscriber outside the audience (or one whose
 *       WeChat tags could not be read now) cannot take part; opening a red-packet square records the visit;
 *   <li>{@code POST /h5/activity/api/draw?appid=&id=} {@code {}}: {@code {"ok", "fresh", "outcome",
 *       "prize", "message"}} — the one draw of this subscriber, decided on the server; 503 with {@code
 *       "result": "TRY_LATER"} when WeChat could not say whether the subscriber carries the activity's tag.
 * </ul>
 *
 * Drafts are not shown (404): only the admin's preview shows them. A snapshot-page visitor sees the page
 * and is refused the draw (403) and is never recorded.
 */
@WebServlet(urlPatterns = {"/h5/activity", "/h5/activity/*"})
public class ActivityPageServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final String PAGE = "/h5/activity.html";

    @Inject
    transient WebAuthorization authorization;

    @Inject
    transient AccountDirectory accounts;

    @Inject
    transient ActivityService activities;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        Optional<Activity> activity = activity(request, response, path.startsWith("/api/"));
        if (activity.isEmpty()) {
            return;
        }
        Activity a = activity.get();
        switch (path) {
            case "" -> H5Pages.authorizedPage(
                    authorization,
                    getServletContext(),
                    request,
                    response,
                    a.appid(),
                    "/h5/activity?appid=" + a.appid() + "&id=" + a.id(),
                    PAGE,
                    a.title());
            case "/api/view" -> view(request, response, a);
            default -> H5Pages.json(response, 404, H5Pages.error("no such call"));
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        if (!"/api/draw".equals(path)) {
            H5Pages.json(response, 404, H5Pages.error("no such call"));
            return;
        }
        Optional<Activity> activity = activity(request, response, true);
        if (activity.isEmpty()) {
            return;
        }
        Activity a = activity.get();
        Optional<String> openid = authorization.openid(request, a.appid());
        if (openid.isEmpty()) {
            H5Pages.json(response, 401, H5Pages.error("请从公众号菜单重新打开本页。"));
            return;
        }
        if (authorization.snapshotUser(request, a.appid())) {
            H5Pages.json(response, 403, H5Pages.error(ActivityTexts.SNAPSHOT));
            return;
        }
        if (!H5Pages.writable(authorization, request, response)) {
            return;
        }
        try {
            H5Pages.readBody(request);
        } catch (IllegalArgumentException e) {
            H5Pages.json(response, 400, H5Pages.error(e.getMessage()));
            return;
        }
        DrawResult r;
        try {
            r = activities.draw(a, openid.get());
        } catch (RuntimeException e) {
            H5Pages.json(response, 503, H5Pages.error("系统繁忙，请稍后再试。"));
            return;
        }
        if (r.outcome() == DrawResult.Outcome.TRY_LATER) {
            H5Pages.json(
                    response,
                    503,
                    H5Pages.error(r.message())
                            .add("ok", false)
                            .add("result", r.outcome().name())
                            .add("message", r.message()));
            return;
        }
        JsonObjectBuilder o = Json.createObjectBuilder()
                .add("ok", r.outcome() == DrawResult.Outcome.DRAWN)
                .add("fresh", r.fresh())
                .add("result", r.outcome().name())
                .add("message", r.message());
        if (r.participation() != null) {
            o.add("outcome", r.participation().outcome());
            if (r.participation().prizeName() != null) {
                o.add("prize", r.participation().prizeName());
            }
        }
        H5Pages.json(response, 200, o);
    }

    private void view(HttpServletRequest request, HttpServletResponse response, Activity a) throws IOException {
        Optional<String> openid = authorization.openid(request, a.appid());
        if (openid.isEmpty()) {
            H5Pages.json(response, 401, H5Pages.error("请从公众号菜单重新打开本页。"));
            return;
        }
        boolean snapshot = authorization.snapshotUser(request, a.appid());
        JsonObjectBuilder me = Json.createObjectBuilder().add("snapshot", snapshot);
        if (!snapshot) {
            activities.visited(a, openid.get());
            Membership member = activities.membership(a, openid.get());
            me.add("inAudience", member == Membership.IN);
            if (member == Membership.UNKNOWN) {
                me.add("audienceUnknown", true).add("message", ActivityTexts.TRY_LATER);
            } else if (member == Membership.OUT) {
                me.add("message", ActivityTexts.notInAudience(a)).add("bindFirst", a.audience() == Audience.BOUND);
            }
            Optional<Participation> p = activities.participation(a, openid.get());
            p.ifPresent(x -> me.add(
                    "participation",
                    Json.createObjectBuilder()
                            .add("outcome", x.outcome())
                            .add("prize", x.prizeName() == null ? "" : x.prizeName())
                            .add("message", ActivityTexts.outcome(x))));
        } else {
            me.add("inAudience", false).add("message", ActivityTexts.SNAPSHOT);
        }
        String context = request.getContextPath();
        H5Pages.json(
                response,
                200,
                Json.createObjectBuilder()
                        .add("activity", SubscriberView.of(a, Instant.now()))
                        .add("me", me)
                        .add("csrf", authorization.csrfToken(request).orElse(""))
                        .add(
                                "links",
                                Json.createObjectBuilder()
                                        .add("bind", context + "/h5/bind?appid=" + a.appid())
                                        .add("redpacket", context + "/h5/redpacket.html?appid=" + a.appid())));
    }

    /** The published (or ended) activity the request names, or an answer saying why there is none. */
    private Optional<Activity> activity(HttpServletRequest request, HttpServletResponse response, boolean api)
            throws IOException {
        String appid = request.getParameter("appid");
        String id = request.getParameter("id");
        Optional<Activity> a = Optional.empty();
        if (appid != null
                && H5Pages.APPID.matcher(appid).matches()
                && id != null
                && id.matches("[0-9]{1,18}")
                && accounts.keys(appid).isPresent()) {
            a = activities.find(appid, Long.parseLong(id)).filter(x -> x.state() != ActivityState.DRAFT);
        }
        if (a.isEmpty()) {
            if (api) {
                H5Pages.json(response, 404, H5Pages.error("没有这个活动。"));
            } else {
                H5Pages.notice(response, 404, "活动", "没有这个活动，或活动尚未发布。");
            }
        }
        return a;
    }
}
