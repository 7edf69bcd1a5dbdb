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
import java.util.Optional;
import org.wxplatform.sandbox.wechat.CallbackSimulator;
import org.wxplatform.sandbox.wechat.Delivery;
import org.wxplatform.sandbox.wechat.SandboxAccount;
import org.wxplatform.sandbox.wechat.web.SandboxAccounts;

/**
 * The phone page's backend ({@code /sandbox/wechat/phone/...}), WeChat's side of a subscriber's phone.
 *
 * <ul>
 *   <li>{@code GET {appid}/menu}: {@code {"menu": {"button": [...]}}} as created through the API, or
 *       {@code {"menu": null}}.
 *   <li>{@code POST {appid}/{openid}/send} with {@code {"text": "..."}} or {@code {"event": "CLICK", "key":
 *       "..."}}, {@code {"event": "VIEW", "key": "url"}}, {@code {"event": "subscribe"}} or
 *       {@code {"event": "unsubscribe"}}: posts the message to the account's callback URL as WeChat does
 *       (signed, encrypted in compatible/safe mode, retried) and answers {@code {ok, status, problem,
 *       reply, latencyMs}} where {@code reply} is the passive reply as the user sees it (or null).
 * </ul>
 */
@WebServlet(urlPatterns = "/sandbox/wechat/phone/*")
public class PhoneServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject
    transient SandboxState state;

    @Inject
    transient SandboxAccounts accounts;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String[] s = SandboxJson.segments(request.getPathInfo());
        if (s.length != 2 || !s[1].equals("menu")) {
            SandboxJson.error(response, 404, "GET /sandbox/wechat/phone/{appid}/menu");
            return;
        }
        if (SandboxJson.account(accounts, s[0], response).isEmpty()) {
            return;
        }
        Optional<String> menu = state.menu(s[0]);
        JsonObjectBuilder out = Json.createObjectBuilder();
        if (menu.isPresent()) {
            out.add("menu", MessageRules.body(menu.get()));
        } else {
            out.addNull("menu");
        }
        SandboxJson.write(response, 200, out.build());
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String[] s = SandboxJson.segments(request.getPathInfo());
        if (s.length != 3 || !s[2].equals("send")) {
            SandboxJson.error(response, 404, "POST /sandbox/wechat/phone/{appid}/{openid}/send");
            return;
        }
        Optional<SandboxAccount> found = SandboxJson.account(accounts, s[0], response);
        if (found.isEmpty()) {
            return;
        }
        SandboxAccount account = found.get();
        String openId = s[1];
        if (!SimulatedUsers.known(account.appId(), openId)) {
            SandboxJson.error(response, 400, "not a valid OpenID for " + account.appId());
            return;
        }
        JsonObject body;
        try {
            body = MessageRules.body(WeChatApiServlet.body(request));
        } catch (ApiFailure e) {
            SandboxJson.error(response, 400, "the body must be one JSON object");
            return;
        }
        CallbackSimulator simulator = CallbackSimulator.forCallbackUrl(WeChatApiServlet.baseUrl(request), account);
        String xml;
        try {
            xml = message(simulator, openId, body);
        } catch (IllegalArgumentException | ApiFailure e) {
            SandboxJson.error(response, 400, e.getMessage());
            return;
        }
        state.seen(account.appId(), openId);
        KfRules.Interaction kind = MenuRules.string(body, "text") != null
                ? KfRules.Interaction.MESSAGE
                : KfRules.Interaction.of("event", MenuRules.string(body, "event"));
        if (kind != null) {
            state.interacted(account.appId(), openId, kind, state.kfNow(account.appId()));
        }
        Delivery delivery = simulator.send(xml);
        JsonObjectBuilder out = Json.createObjectBuilder()
                .add("ok", delivery.ok())
                .add("status", delivery.status())
                .add("attempts", delivery.attempts())
                .add("latencyMs", delivery.latency().toMillis());
        if (delivery.problem() == null) {
            out.addNull("problem");
        } else {
            out.add("problem", delivery.problem());
        }
        if (delivery.hasReply()) {
            JsonObjectBuilder reply = Json.createObjectBuilder();
            delivery.reply().forEach(reply::add);
            out.add("reply", reply);
        } else {
            out.addNull("reply");
        }
        SandboxJson.write(response, 200, out.build());
    }

    /** The callback XML for a phone action (see the class comment); updates the subscription state. */
    private String message(CallbackSimulator simulator, String openId, JsonObject body) {
        String text = MenuRules.string(body, "text");
        if (text != null) {
            if (text.isBlank() || text.length() > 2048) {
                throw new IllegalArgumentException("text must be 1 to 2048 characters");
            }
            return simulator.messages().text(openId, text);
        }
        String event = MenuRules.string(body, "event");
        String key = MenuRules.string(body, "key");
        if (event == null) {
            throw new IllegalArgumentException("send {\"text\": ...} or {\"event\": ..., \"key\": ...}");
        }
        switch (event) {
            case "CLICK":
                requireKey(key);
                return simulator.messages().click(openId, key);
            case "VIEW":
                requireKey(key);
                return simulator.messages().view(openId, key);
            case "subscribe":
                state.setSubscribed(simulator.appId(), openId, true);
                return simulator.messages().subscribe(openId);
            case "unsubscribe":
                state.setSubscribed(simulator.appId(), openId, false);
                return simulator.messages().unsubscribe(openId);
            default:
                throw new IllegalArgumentException("event must be CLICK, VIEW, subscribe or unsubscribe");
        }
    }

    private static void requireKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("key is required for CLICK and VIEW");
        }
    }
}
