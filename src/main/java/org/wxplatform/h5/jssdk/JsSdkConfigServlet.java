package org.wxplatform.h5.jssdk;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Optional;
import java.util.logging.Logger;
import org.wxplatform.account.AccountDirectory;
import org.wxplatform.account.wechat.WeChatApiException;
import org.wxplatform.account.wechat.WeChatClient;
import org.wxplatform.h5.auth.WebAuthorization;
import org.wxplatform.h5.web.H5Pages;
import org.wxplatform.platform.web.PublicAddress;

/**
 * {@code GET /h5/jssdk/config?appid=&page=}: the {@code wx.config} of a subscriber page: {@code {"appId",
 * "timestamp", "nonceStr", "signature", "url", "jsApiList"}}. {@code page} is the page's path and query
 * as the browser has it (the entry address on iOS, see {@code share.js}); the signed url is the configured
 * public base followed by that page, never an address from the request's Host header, without its
 * {@code #} part ({@link JsSdkSignature#pageUrl}). Only for a browser authorized for the account (401
 * otherwise); a page outside {@code /h5/} is 400; the ticket comes from the central control (503 when
 * WeChat cannot be reached).
 */
@WebServlet(urlPatterns = "/h5/jssdk/config")
public class JsSdkConfigServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(JsSdkConfigServlet.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    @Inject
    transient WebAuthorization authorization;

    @Inject
    transient AccountDirectory accounts;

    @Inject
    transient WeChatClient wechat;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String appid = request.getParameter("appid");
        if (appid == null
                || !H5Pages.APPID.matcher(appid).matches()
                || accounts.keys(appid).isEmpty()) {
            H5Pages.json(response, 404, H5Pages.error("unknown account"));
            return;
        }
        if (authorization.openid(request, appid).isEmpty()) {
            H5Pages.json(response, 401, H5Pages.error("请从公众号菜单重新打开本页。"));
            return;
        }
        Optional<String> url =
                JsSdkSignature.pageUrl(PublicAddress.base(), request.getContextPath(), request.getParameter("page"));
        if (url.isEmpty()) {
            H5Pages.json(response, 400, H5Pages.error("page: the path and query of a page under /h5/"));
            return;
        }
        String ticket;
        try {
            ticket = wechat.jsapiTicket(appid);
        } catch (WeChatApiException e) {
            LOG.warning("no jsapi_ticket for " + appid + ": " + e.getMessage());
            H5Pages.json(response, 503, H5Pages.error("分享功能暂不可用，请稍后再试。"));
            return;
        }
        long timestamp = Instant.now().getEpochSecond();
        String nonce = nonce();
        H5Pages.json(
                response,
                200,
                Json.createObjectBuilder()
                        .add("appId", appid)
                        .add("timestamp", timestamp)
                        .add("nonceStr", nonce)
                        .add("signature", JsSdkSignature.sign(ticket, nonce, timestamp, url.get()))
                        .add("url", url.get())
                        .add("link", JsSdkSignature.shareLink(url.get()))
                        .add(
                                "jsApiList",
                                Json.createArrayBuilder()
                                        .add("updateAppMessageShareData")
                                        .add("updateTimelineShareData")));
    }

    private static String nonce() {
        StringBuilder b = new StringBuilder(16);
        for (int i = 0; i < 16; i++) {
            b.append(LETTERS.charAt(RANDOM.nextInt(LETTERS.length())));
        }
        return b.toString();
    }
}
