package org.wxplatform.sandbox.wechat.api;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.wxplatform.sandbox.wechat.SandboxAccount;
import org.wxplatform.sandbox.wechat.web.SandboxAccounts;

/**
 * {@code /sandbox/wechat/control/{appid}/...}: what a test or a person at the sandbox changes and reads.
 *
 * <ul>
 *   <li>{@code GET stats}: {@code {tokenFetches, ticketFetches, apiCalls, expiredTokenCalls,
 *       invalidTokenCalls, lostAnswers, calls: {path: n}}} ({@code lostAnswers}: calls carried out whose
 *       answer was lost, {@link SandboxConfig#answerLostRate}).
 *   <li>{@code GET config}, {@code PUT config} with any of the {@link SandboxConfig} members: answers the
 *       whole configuration; 400 naming a bad member.
 *   <li>{@code POST invalidate-token}: the current access_token answers 40001 from now on
 *       ({@code {"invalidated": true|false}}).
 *   <li>{@code POST reset}: counters, configuration, inboxes, menu, subscriptions and user tags of the account
 *       cleared.
 *   <li>{@code PUT templates}: the account's template library (a JSON array as the template list API
 *       answers it).
 *   <li>{@code GET templates-sent}: what the users received by template ({@link
 *       SandboxState#templateStats}); {@code GET templates-sent/counts}: {openid: n}.
 *   <li>{@code POST template-receipts/release}: posts every held TEMPLATESENDJOBFINISH now, 32 at a time
 *       ({@code {"released", "accepted"}}).
 * </ul>
 *
 * {@code GET /sandbox/wechat/control/stats} answers {@code {"unattributedInvalidTokenCalls": n}}: calls made
 * with tokens that were never issued, which no account can be charged with. Unknown accounts answer 404.
 */
@WebServlet(urlPatterns = "/sandbox/wechat/control/*")
public class SandboxControlServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject
    transient SandboxState state;

    @Inject
    transient SandboxAccounts accounts;

    @Inject
    transient TemplateReceipts receipts;

    /** {@code PUT {appid}/templates} with the template library as a JSON array. */
    private void putTemplates(String appId, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        if (SandboxJson.account(accounts, appId, response).isEmpty()) {
            return;
        }
        try {
            jakarta.json.JsonArray list =
                    SandboxTemplates.check(Json.createReader(new java.io.StringReader(WeChatApiServlet.body(request)))
                            .readArray());
            state.putTemplateList(appId, list.toString());
            SandboxJson.write(
                    response,
                    200,
                    Json.createObjectBuilder().add("templates", list.size()).build());
        } catch (IllegalArgumentException | ApiFailure | jakarta.json.JsonException | ClassCastException e) {
            SandboxJson.error(response, 400, "the body must be a JSON array of templates: " + e.getMessage());
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String[] s = SandboxJson.segments(request.getPathInfo());
        if (s.length == 1 && s[0].equals("stats")) {
            SandboxJson.write(
                    response,
                    200,
                    Json.createObjectBuilder()
                            .add("unattributedInvalidTokenCalls", state.unattributedInvalidTokenCalls())
                            .build());
            return;
        }
        if (s.length == 3 && s[1].equals("kf")) {
            if (SandboxJson.account(accounts, s[0], response).isEmpty()) {
                return;
            }
            if (!SimulatedUsers.known(s[0], s[2])) {
                SandboxJson.error(response, 400, "not a valid OpenID for " + s[0]);
                return;
            }
            long now = state.kfNow(s[0]);
            KfRules.Budget b = state.kfBudget(s[0], s[2], now);
            SandboxJson.write(
                    response,
                    200,
                    Json.createObjectBuilder()
                            .add("openid", s[2])
                            .add("rules", state.config(s[0]).kfRules())
                            .add("known", b.known())
                            .add("remaining", b.remaining())
                            .add("until", b.until())
                            .add("now", now)
                            .build());
            return;
        }
        if (s.length == 2 && s[1].equals("jssdk-check")) {
            if (SandboxJson.account(accounts, s[0], response).isEmpty()) {
                return;
            }
            jssdkCheck(s[0], request, response);
            return;
        }
        if (s.length >= 2 && s[1].equals("templates-sent")) {
            if (SandboxJson.account(accounts, s[0], response).isEmpty()) {
                return;
            }
            JsonObjectBuilder out = Json.createObjectBuilder();
            if (s.length == 3 && s[2].equals("counts")) {
                state.templateCounts(s[0]).forEach((k, v) -> out.add(k, Long.parseLong(v)));
            } else {
                state.templateStats(s[0]).forEach((k, v) -> {
                    if (v instanceof Long n) {
                        out.add(k, n);
                    } else if (v instanceof Map<?, ?> m) {
                        JsonObjectBuilder c = Json.createObjectBuilder();
                        m.forEach((mk, mv) -> c.add((String) mk, (Long) mv));
                        out.add(k, c);
                    }
                });
            }
            SandboxJson.write(response, 200, out.build());
            return;
        }
        if (s.length != 2 || !(s[1].equals("stats") || s[1].equals("config"))) {
            SandboxJson.error(
                    response, 404, "GET /sandbox/wechat/control/{appid}/stats, .../config or .../kf/{openid}");
            return;
        }
        Optional<SandboxAccount> account = SandboxJson.account(accounts, s[0], response);
        if (account.isEmpty()) {
            return;
        }
        if (s[1].equals("config")) {
            SandboxJson.write(response, 200, state.config(s[0]).toJson());
            return;
        }
        JsonObjectBuilder out = Json.createObjectBuilder();
        for (Map.Entry<String, Object> e : state.stats(s[0]).entrySet()) {
            if (e.getValue() instanceof Long n) {
                out.add(e.getKey(), n);
            } else if (e.getValue() instanceof Map<?, ?> calls) {
                JsonObjectBuilder c = Json.createObjectBuilder();
                calls.forEach((k, v) -> c.add((String) k, (Long) v));
                out.add(e.getKey(), c);
            }
        }
        SandboxJson.write(response, 200, out.build());
    }

    @Override
    protected void doPut(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String[] s = SandboxJson.segments(request.getPathInfo());
        if (s.length == 2 && s[1].equals("templates")) {
            putTemplates(s[0], request, response);
            return;
        }
        if (s.length != 2 || !s[1].equals("config")) {
            SandboxJson.error(response, 404, "PUT /sandbox/wechat/control/{appid}/config or .../templates");
            return;
        }
        if (SandboxJson.account(accounts, s[0], response).isEmpty()) {
            return;
        }
        JsonObject patch;
        try {
            patch = MessageRules.body(WeChatApiServlet.body(request));
        } catch (ApiFailure e) {
            SandboxJson.error(response, 400, "the body must be one JSON object");
            return;
        }
        try {
            SandboxJson.write(response, 200, state.configure(s[0], patch).toJson());
        } catch (IllegalArgumentException | ApiFailure e) {
            SandboxJson.error(response, 400, e.getMessage());
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String[] s = SandboxJson.segments(request.getPathInfo());
        if (s.length == 3 && s[1].equals("template-receipts") && s[2].equals("release")) {
            if (SandboxJson.account(accounts, s[0], response).isEmpty()) {
                return;
            }
            try {
                int[] r = receipts.release(s[0], WeChatApiServlet.baseUrl(request), 32);
                SandboxJson.write(
                        response,
                        200,
                        Json.createObjectBuilder()
                                .add("released", r[0])
                                .add("accepted", r[1])
                                .build());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                SandboxJson.error(response, 503, "interrupted");
            }
            return;
        }
        if (s.length != 2 || !(s[1].equals("invalidate-token") || s[1].equals("reset") || s[1].equals("interaction"))) {
            SandboxJson.error(
                    response,
                    404,
                    "POST /sandbox/wechat/control/{appid}/invalidate-token, .../reset or .../interaction");
            return;
        }
        if (SandboxJson.account(accounts, s[0], response).isEmpty()) {
            return;
        }
        if (s[1].equals("interaction")) {
            interaction(s[0], request, response);
            return;
        }
        if (s[1].equals("reset")) {
            state.reset(s[0]);
            SandboxJson.write(
                    response, 200, Json.createObjectBuilder().add("reset", true).build());
        } else {
            boolean done = state.invalidateToken(s[0]);
            SandboxJson.write(
                    response,
                    200,
                    Json.createObjectBuilder().add("invalidated", done).build());
        }
    }

    /**
     * {@code {"openid": .., "msgType": "text"|"event", "event": "CLICK"|...}}: a subscriber's callback that
     * was sent by a simulator outside the server ({@code scripts/wechat-sim}), so that the kf rules know
     * it. Answers {@code {"recorded": true|false}} (false: the callback opens no window, e.g. VIEW).
     */
    private void interaction(String appId, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        JsonObject body;
        try {
            body = MessageRules.body(WeChatApiServlet.body(request));
        } catch (ApiFailure e) {
            SandboxJson.error(response, 400, "the body must be one JSON object");
            return;
        }
        String openId;
        KfRules.Interaction kind;
        try {
            openId = MenuRules.string(body, "openid");
            kind = KfRules.Interaction.of(MenuRules.string(body, "msgType"), MenuRules.string(body, "event"));
        } catch (ApiFailure e) {
            SandboxJson.error(response, 400, e.getMessage());
            return;
        }
        if (openId == null || !SimulatedUsers.known(appId, openId)) {
            SandboxJson.error(response, 400, "openid: not a valid OpenID for " + appId);
            return;
        }
        if (kind != null) {
            state.interacted(appId, openId, kind, state.kfNow(appId));
        }
        SandboxJson.write(
                response,
                200,
                Json.createObjectBuilder().add("recorded", kind != null).build());
    }

    /**
     * {@code GET /sandbox/wechat/control/{appid}/jssdk-check?url=&noncestr=&timestamp=&signature=}: what
     * {@code wx.config} does inside WeChat: the signature is recomputed over the jsapi_ticket this sandbox
     * issued, {@code {"valid": bool, "reason"}}.
     */
    private void jssdkCheck(String appId, HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<String> ticket = state.currentTicket(appId);
        String url = request.getParameter("url");
        String nonce = request.getParameter("noncestr");
        String timestamp = request.getParameter("timestamp");
        String signature = request.getParameter("signature");
        if (url == null || nonce == null || timestamp == null || signature == null) {
            SandboxJson.error(response, 400, "url, noncestr, timestamp and signature are needed");
            return;
        }
        String reason;
        boolean valid = false;
        if (ticket.isEmpty()) {
            reason = "no live jsapi_ticket for " + appId;
        } else if (url.contains("#")) {
            reason = "the url must not contain its # part";
        } else {
            String plain =
                    "jsapi_ticket=" + ticket.get() + "&noncestr=" + nonce + "&timestamp=" + timestamp + "&url=" + url;
            try {
                String expected = java.util.HexFormat.of()
                        .formatHex(java.security.MessageDigest.getInstance("SHA-1")
                                .digest(plain.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                valid = expected.equals(signature);
                reason = valid ? "ok" : "invalid signature";
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        SandboxJson.write(
                response,
                200,
                Json.createObjectBuilder()
                        .add("valid", valid)
                        .add("reason", reason)
                        .build());
    }
}
