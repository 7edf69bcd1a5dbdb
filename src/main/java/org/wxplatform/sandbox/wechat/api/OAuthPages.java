package org.wxplatform.sandbox.wechat.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.wxplatform.sandbox.wechat.SandboxAccount;

/**
 * {@code /connect/oauth2/authorize}: where WeChat's in-app browser sends a subscriber before an H5 page.
 * With {@code openid=} in the query (a sandbox extension, for scripts and tests) the code is issued at once;
 * without it a small page lists the account's simulated users and the person picks one. Either way the
 * browser is redirected to {@code redirect_uri?code=...&state=...}; the code is good for one exchange
 * within five minutes. A bad request is a page that says what is wrong (HTTP 400), as WeChat shows one.
 */
final class OAuthPages {

    private OAuthPages() {}

    static void authorize(
            WeChatApiServlet servlet,
            HttpServletRequest request,
            Map<String, String> query,
            HttpServletResponse response)
            throws IOException {
        SandboxAccount account;
        try {
            account = servlet.account(query.get("appid"));
        } catch (ApiFailure e) {
            page(response, 400, "appid 参数错误", "<p>Unknown appid (errcode 40013).</p>");
            return;
        }
        String redirect = query.get("redirect_uri");
        if (redirect == null || !absoluteHttp(redirect)) {
            page(response, 400, "redirect_uri 参数错误", "<p>redirect_uri must be an absolute http(s) URL (10003).</p>");
            return;
        }
        String scope = query.get("scope");
        if (!"snsapi_base".equals(scope) && !"snsapi_userinfo".equals(scope)) {
            page(response, 400, "scope 参数错误", "<p>scope must be snsapi_base or snsapi_userinfo (10005).</p>");
            return;
        }
        if (!"code".equals(query.get("response_type"))) {
            page(response, 400, "response_type 参数错误", "<p>response_type must be code (10004).</p>");
            return;
        }
        String state = query.getOrDefault("state", "");
        if (state.length() > 128) {
            page(response, 400, "state 参数错误", "<p>state is at most 128 characters.</p>");
            return;
        }
        String appId = account.appId();
        SandboxState sandbox = servlet.state();
        sandbox.countCall(appId, "/connect/oauth2/authorize");
        String openId = query.get("openid");
        if (openId != null) {
            if (!SimulatedUsers.known(appId, openId)) {
                page(response, 400, "openid 参数错误", "<p>Not a user of this account (40003).</p>");
                return;
            }
            boolean snapshot = "1".equals(query.get("snapshot"));
            if (!snapshot) {
                sandbox.seen(appId, openId);
            }
            String code = sandbox.issueCode(appId, openId, scope, snapshot);
            response.setStatus(302);
            response.setHeader(
                    "Location",
                    redirect + (redirect.indexOf('?') >= 0 ? "&" : "?") + "code=" + WeChatApiServlet.encode(code)
                            + "&state=" + WeChatApiServlet.encode(state));
            return;
        }
        Set<String> users = new LinkedHashSet<>(SimulatedUsers.roster(appId));
        users.addAll(sandbox.seenUsers(appId));
        StringBuilder list = new StringBuilder("<p>")
                .append(Pictures.escape(account.name().isEmpty() ? appId : account.name()))
                .append(" 申请获得你的")
                .append("snsapi_userinfo".equals(scope) ? "公开信息（昵称、头像等）" : "身份标识")
                .append("。选择一个模拟用户：</p><ul class=\"users\">");
        String self = request.getRequestURI() + "?" + request.getQueryString();
        for (String user : users) {
            SimulatedUsers.Profile p = SimulatedUsers.profile(appId, user);
            list.append("<li><a class=\"user\" data-openid=\"")
                    .append(Pictures.escape(user))
                    .append("\" href=\"")
                    .append(Pictures.escape(self + "&openid=" + WeChatApiServlet.encode(user)))
                    .append("\">")
                    .append(Pictures.escape(p.nickname()))
                    .append(" <small>")
                    .append(Pictures.escape(user))
                    .append("</small></a> <a class=\"snapshot\" data-openid=\"")
                    .append(Pictures.escape(user))
                    .append("\" href=\"")
                    .append(Pictures.escape(self + "&openid=" + WeChatApiServlet.encode(user) + "&snapshot=1"))
                    .append("\">（朋友圈快照页）</a></li>");
        }
        page(response, 200, "微信授权", list.append("</ul>").toString());
    }

    private static boolean absoluteHttp(String url) {
        try {
            URI uri = new URI(url);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static void page(HttpServletResponse response, int status, String title, String body) throws IOException {
        response.setStatus(status);
        response.setContentType("text/html");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        String html = "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>"
                + Pictures.escape(title)
                + "</title><style>body{font-family:sans-serif;margin:0;background:#ededed}h1{font-size:17px;"
                + "background:#f7f7f7;margin:0;padding:14px;text-align:center}p{padding:0 16px}ul{list-style:none;"
                + "padding:0;margin:0 16px;background:#fff;border-radius:8px}li a{display:block;padding:14px;"
                + "color:#111;text-decoration:none;border-bottom:1px solid #eee}small{color:#999}</style></head>"
                + "<body><h1>" + Pictures.escape(title) + "</h1>" + body + "</body></html>";
        response.getOutputStream().write(html.getBytes(StandardCharsets.UTF_8));
    }
}
