package org.wxplatform.h5.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import org.wxplatform.account.wechat.WeChatApiException;
import org.wxplatform.account.wechat.WeChatClient;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;

/**
 * OAuth2 web authorization for subscriber pages (scope {@code snsapi_base}: the openid is all a page
 * needs). {@link #authorizeUrl} sends the browser to WeChat with a one-time {@code state} kept in Redis
 * for five minutes (not in the session: the session cookie is {@code SameSite=Strict} and is not sent
 * when WeChat redirects back); {@link #complete} checks that state, exchanges the code and keeps the
 * openid per account in a fresh session id (no fixation) together with a CSRF token.
 *
 * <p>Pages must be answered directly at the return URL, not through another redirect, for the same
 * cookie reason; their later same-site requests carry the session.
 */
@ApplicationScoped
public class WebAuthorization {

    /** The header a page's writes carry the session's CSRF token in. */
    public static final String CSRF_HEADER = "X-WXP-CSRF";

    static final String OPENID_PREFIX = "wxp.h5.openid.";
    static final String CSRF = "wxp.h5.csrf";
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    WeChatClient wechat;

    @Inject
    JedisPool pool;

    /** A failed authorization, with a reason fit for the page. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final int status;

        Refused(int status, String message, Throwable cause) {
            super(message, cause);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /** Where to send the browser to authorize {@code returnUrl} (absolute) for account {@code appid}. */
    public String authorizeUrl(String appid, String returnUrl) throws Refused {
        String state = HexFormat.of().formatHex(random(16));
        try (Jedis jedis = pool.getResource()) {
            jedis.set(stateKey(state), appid, SetParams.setParams().ex(300));
        } catch (JedisException e) {
            throw new Refused(503, "系统繁忙，请稍后再试。", e);
        }
        return wechat.authorizeUrl(appid, returnUrl, "snsapi_base", state);
    }

    /** Checks the state, exchanges the code, and keeps the openid in the session; answers the openid. */
    public String complete(HttpServletRequest request, String appid, String code, String state) throws Refused {
        if (state == null || !state.matches("[0-9a-f]{32}") || code == null || !code.matches("[A-Za-z0-9_-]{1,128}")) {
            throw new Refused(400, "授权参数不正确，请从公众号菜单重新打开本页。", null);
        }
        String expected;
        try (Jedis jedis = pool.getResource()) {
            expected = jedis.getDel(stateKey(state));
        } catch (JedisException e) {
            throw new Refused(503, "系统繁忙，请稍后再试。", e);
        }
        if (expected == null || !expected.equals(appid)) {
            throw new Refused(400, "授权已过期，请从公众号菜单重新打开本页。", null);
        }
        String openid;
        try {
            openid = wechat.exchangeCode(appid, code).openid();
        } catch (WeChatApiException e) {
            throw new Refused(e.transientFailure() ? 503 : 400, "微信授权未成功，请重新打开本页。", e);
        }
        HttpSession session = request.getSession(false);
        if (session != null) {
            request.changeSessionId();
        } else {
            session = request.getSession(true);
        }
        session.setAttribute(OPENID_PREFIX + appid, openid);
        if (session.getAttribute(CSRF) == null) {
            session.setAttribute(CSRF, HexFormat.of().formatHex(random(24)));
        }
        return openid;
    }

    /** The openid this browser was authorized as for {@code appid}, if any. */
    public static Optional<String> openid(HttpServletRequest request, String appid) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return Optional.empty();
        }
        return Optional.ofNullable((String) session.getAttribute(OPENID_PREFIX + appid));
    }

    /** The session's CSRF token (there is one once a page is authorized). */
    public static Optional<String> csrfToken(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session == null ? Optional.empty() : Optional.ofNullable((String) session.getAttribute(CSRF));
    }

    /** Whether the request carries the session's CSRF token in {@value #CSRF_HEADER}. */
    public static boolean csrfMatches(HttpServletRequest request) {
        String given = request.getHeader(CSRF_HEADER);
        return given != null
                && csrfToken(request)
                        .map(t -> MessageDigest.isEqual(
                                t.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8)))
                        .orElse(false);
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static String stateKey(String state) {
        return "wxp:h5:oauth:state:" + state;
    }
}
