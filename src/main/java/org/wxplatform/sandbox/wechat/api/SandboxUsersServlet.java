package org.wxplatform.sandbox.wechat.api;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.wxplatform.sandbox.wechat.SandboxAccount;
import org.wxplatform.sandbox.wechat.web.SandboxAccounts;

/**
 * {@code /sandbox/wechat/users/...}: the simulated subscribers.
 *
 * <ul>
 *   <li>{@code GET {appid}}: the account's users (its roster, then every OpenID that talked to it or was
 *       sent something): {@code [{openid, nickname, sex, city, headimgurl, subscribe}]}.
 *   <li>{@code GET {appid}/{openid}/inbox[?after=seq]}: what the user received through the API, in
 *       arrival order: {@code [{seq, kind: kf|template, type, ..., receivedAt}]}; {@code after} leaves out
 *       the entries up to that seq (the phone page polls with it).
 *   <li>{@code GET {appid}/{openid}/avatar.svg}: the user's avatar.
 * </ul>
 */
@WebServlet(urlPatterns = "/sandbox/wechat/users/*")
public class SandboxUsersServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject
    transient SandboxState state;

    @Inject
    transient SandboxAccounts accounts;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String[] s = SandboxJson.segments(request.getPathInfo());
        if (s.length == 0 || s.length == 2 || s.length > 3) {
            SandboxJson.error(response, 404, "GET /sandbox/wechat/users/{appid}[/{openid}/inbox]");
            return;
        }
        if (s.length == 3 && s[2].equals("avatar.svg")) {
            try {
                SandboxAccount.checkAppId(s[0]);
            } catch (IllegalArgumentException e) {
                SandboxJson.error(response, 404, e.getMessage());
                return;
            }
            if (!SimulatedUsers.known(s[0], s[1])) {
                SandboxJson.error(response, 404, "no such user");
                return;
            }
            response.setContentType("image/svg+xml");
            response.setCharacterEncoding("UTF-8");
            response.setHeader("Cache-Control", "max-age=86400");
            response.getOutputStream()
                    .write(Pictures.avatar(SimulatedUsers.profile(s[0], s[1]).nickname(), s[1])
                            .getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (SandboxJson.account(accounts, s[0], response).isEmpty()) {
            return;
        }
        String appId = s[0];
        if (s.length == 1) {
            Set<String> users = new LinkedHashSet<>(SimulatedUsers.roster(appId));
            users.addAll(state.seenUsers(appId));
            JsonArrayBuilder out = Json.createArrayBuilder();
            for (String user : users) {
                SimulatedUsers.Profile p = SimulatedUsers.profile(appId, user);
                out.add(Json.createObjectBuilder()
                        .add("openid", user)
                        .add("nickname", p.nickname())
                        .add("sex", p.sex())
                        .add("city", p.city())
                        .add("headimgurl", request.getContextPath() + p.headImgUrl())
                        .add("subscribe", state.subscribed(appId, user) ? 1 : 0));
            }
            SandboxJson.write(response, 200, out.build());
            return;
        }
        if (!s[2].equals("inbox")) {
            SandboxJson.error(response, 404, "GET /sandbox/wechat/users/{appid}/{openid}/inbox");
            return;
        }
        if (!SimulatedUsers.known(appId, s[1])) {
            SandboxJson.error(response, 400, "not a valid OpenID for " + appId);
            return;
        }
        long after;
        try {
            String a = request.getParameter("after");
            after = a == null || a.isEmpty() ? 0 : Long.parseLong(a);
        } catch (NumberFormatException e) {
            SandboxJson.error(response, 400, "after must be a number (a seq)");
            return;
        }
        List<JsonObject> entries = new ArrayList<>();
        for (String raw : state.inbox(appId, s[1])) {
            try {
                JsonObject entry = MessageRules.body(raw);
                if (entry.getJsonNumber("seq").longValue() > after) {
                    entries.add(entry);
                }
            } catch (RuntimeException e) {
                // an entry edited by hand into nonsense is left out
            }
        }
        entries.sort(Comparator.comparingLong(e -> e.getJsonNumber("seq").longValue()));
        JsonArrayBuilder out = Json.createArrayBuilder();
        entries.forEach(out::add);
        SandboxJson.write(response, 200, out.build());
    }
}
