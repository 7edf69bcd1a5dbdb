package org.wxplatform.h5.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.wxplatform.account.wechat.WeChatApiException;
import org.wxplatform.account.wechat.WeChatClient;
import org.wxplatform.platform.config.Settings;
import org.wxplatform.platform.web.ClientAddress;
import org.wxplatform.platform.web.PublicAddress;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;

/**
 * OAuth2 web authorization for subscriber pages (scope {@code snsapi_base}: the openid is all a page
 * needs), with the subscriber's session in Redis so that any node serves it (SPEC §8.5).
 *
 * <ul>
 *   <li>A browser gets an H5 session (cookie {@value #COOKIE}: 256 random bits, HttpOnly, SameSite=Lax,
 *       Secure behind TLS, path {@code /h5}) before it is sent to WeChat; Redis holds {@code
 *       wxp:h5:session:<id>} (a hash: {@code openid:<appid>}, {@code csrf}, {@code created}) with a sliding
 *       idle timeout of {@code WXP_H5_SESSION_IDLE_SECONDS} (1800).
 *   <li>{@link #authorizeUrl} sends the browser to WeChat's web-authorization host ({@code
 *       WXP_WECHAT_OAUTH_BASE}) with a one-time {@code state} kept in Redis for five minutes and bound to
 *       that session: a link started in one browser and opened in another (forwarded in a chat) binds
 *       nothing. The {@code redirect_uri} is built from {@code WXP_PUBLIC_BASE_URL}, never from the
 *       request's Host header.
 *   <li>{@link #complete} takes the state (once), checks it belongs to this browser and account, exchanges
 *       the code and keeps the openid in a fresh session id (no fixation).
 * </ul>
 *
 * SameSite=Lax (not Strict) so that the cookie comes back on WeChat's top-level redirect to the page.
 */
@ApplicationScoped
public class WebAuthorization {

    /** The header a page's writes carry the session's CSRF token in. */
    public static final String CSRF_HEADER = "X-WXP-CSRF";

    /** The H5 session cookie. */
    public static final String COOKIE = "WXPH5";

    static final int STATE_SECONDS = 300;
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    WeChatClient wechat;

    @Inject
    JedisPool pool;

    private final int idleSeconds = Math.max(60, Settings.getInt("WXP_H5_SESSION_IDLE_SECONDS", 1800));

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

    /**
     * Where to send this browser to authorize the page at {@code returnPath} (below the product's public
     * base URL, with its query) for account {@code appid}; gives the browser a session first.
     */
    public String authorizeUrl(
            HttpServletRequest request, HttpServletResponse response, String appid, String returnPath) throws Refused {
        String state = random(16);
        try (Jedis jedis = pool.getResource()) {
            String session =
                    sessionId(request).filter(id -> jedis.exists(key(id))).orElse(null);
            if (session == null) {
                session = random(32);
                Pipeline p = jedis.pipelined();
                p.hset(key(session), Map.of("created", Instant.now().toString()));
                p.expire(key(session), idleSeconds);
                p.sync();
                setCookie(request, response, session);
            }
            jedis.set(
                    stateKey(state),
                    appid + " " + session,
                    SetParams.setParams().ex(STATE_SECONDS));
        } catch (JedisException e) {
            throw new Refused(503, "系统繁忙，请稍后再试。", e);
        }
        return wechat.authorizeUrl(
                appid, PublicAddress.base() + request.getContextPath() + returnPath, "snsapi_base", state);
    }

    /** Checks the state, exchanges the code, and keeps the openid in the session; answers the openid. */
    public String complete(
            HttpServletRequest request, HttpServletResponse response, String appid, String code, String state)
            throws Refused {
        if (state == null || !state.matches("[0-9a-f]{32}") || code == null || !code.matches("[A-Za-z0-9_-]{1,128}")) {
            throw new Refused(400, "授权参数不正确，请从公众号菜单重新打开本页。", null);
        }
        Optional<String> browser = sessionId(request);
        String expected;
        try (Jedis jedis = pool.getResource()) {
            expected = jedis.getDel(stateKey(state));
        } catch (JedisException e) {
            throw new Refused(503, "系统繁忙，请稍后再试。", e);
        }
        if (expected == null) {
            throw new Refused(400, "授权已过期，请从公众号菜单重新打开本页。", null);
        }
        String[] bound = expected.split(" ", 2);
        if (bound.length != 2
                || !bound[0].equals(appid)
                || browser.isEmpty()
                || !MessageDigest.isEqual(
                        bound[1].getBytes(StandardCharsets.UTF_8), browser.get().getBytes(StandardCharsets.UTF_8))) {
            // started in another browser (a forwarded link) or for another account: nothing is bound
            throw new Refused(403, "此链接不是在本机打开的授权链接，请从公众号菜单重新打开本页。", null);
        }
        String openid;
        boolean snapshot;
        try {
            var token = wechat.exchangeCode(appid, code);
            openid = token.openid();
            snapshot = token.snapshotUser();
        } catch (WeChatApiException e) {
            if (e.transientFailure()) {
                // WeChat was not reached, so the code is unused: the same browser may try again (nginx
                // retries a 503 on the other node), within the state's time
                try (Jedis jedis = pool.getResource()) {
                    jedis.set(
                            stateKey(state),
                            expected,
                            SetParams.setParams().nx().ex(STATE_SECONDS));
                } catch (JedisException ignored) {
                    // the subscriber opens the page again
                }
            }
            throw new Refused(e.transientFailure() ? 503 : 400, "微信授权未成功，请重新打开本页。", e);
        }
        try (Jedis jedis = pool.getResource()) {
            Map<String, String> fields = new HashMap<>(jedis.hgetAll(key(bound[1])));
            fields.put("openid:" + appid, openid);
            if (snapshot) {
                fields.put("snapshot:" + appid, "1");
            } else {
                fields.remove("snapshot:" + appid);
            }
            fields.putIfAbsent("csrf", random(24));
            fields.putIfAbsent("created", Instant.now().toString());
            String fresh = random(32);
            Pipeline p = jedis.pipelined();
            p.hset(key(fresh), fields);
            p.expire(key(fresh), idleSeconds);
            p.del(key(bound[1]));
            p.sync();
            setCookie(request, response, fresh);
            request.setAttribute(SESSION_ATTRIBUTE, new Session(fresh, fields));
        } catch (JedisException e) {
            throw new Refused(503, "系统繁忙，请稍后再试。", e);
        }
        return openid;
    }

    /** The openid this browser was authorized as for {@code appid}, if any. */
    public Optional<String> openid(HttpServletRequest request, String appid) {
        return session(request).map(s -> s.fields().get("openid:" + appid));
    }

    /**
     * Whether this browser is a snapshot-page visitor for {@code appid} ({@code is_snapshotuser=1}): its
     * openid is virtual, so pages show and explain, and never bind, pay or send.
     */
    public boolean snapshotUser(HttpServletRequest request, String appid) {
        return session(request)
                .map(s -> "1".equals(s.fields().get("snapshot:" + appid)))
                .orElse(false);
    }

    /** The session's CSRF token (there is one once a page is authorized). */
    public Optional<String> csrfToken(HttpServletRequest request) {
        return session(request).map(s -> s.fields().get("csrf"));
    }

    /** Whether the request carries the session's CSRF token in {@value #CSRF_HEADER}. */
    public boolean csrfMatches(HttpServletRequest request) {
        String given = request.getHeader(CSRF_HEADER);
        return given != null
                && csrfToken(request)
                        .map(t -> MessageDigest.isEqual(
                                t.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8)))
                        .orElse(false);
    }

    private record Session(String id, Map<String, String> fields) {}

    private static final String SESSION_ATTRIBUTE = WebAuthorization.class.getName() + ".session";

    /** The live session of this request (read once per request; its idle time starts again). */
    private Optional<Session> session(HttpServletRequest request) {
        Object cached = request.getAttribute(SESSION_ATTRIBUTE);
        if (cached instanceof Session s) {
            return Optional.of(s);
        }
        Optional<String> id = sessionId(request);
        if (id.isEmpty()) {
            return Optional.empty();
        }
        try (Jedis jedis = pool.getResource()) {
            Map<String, String> fields = jedis.hgetAll(key(id.get()));
            if (fields == null || fields.isEmpty()) {
                return Optional.empty();
            }
            jedis.expire(key(id.get()), idleSeconds);
            Session s = new Session(id.get(), fields);
            request.setAttribute(SESSION_ATTRIBUTE, s);
            return Optional.of(s);
        } catch (JedisException e) {
            return Optional.empty(); // the page asks to be opened again; nothing is written without a session
        }
    }

    private static Optional<String> sessionId(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie c : cookies) {
                if (COOKIE.equals(c.getName())
                        && c.getValue() != null
                        && c.getValue().matches("[0-9a-f]{64}")) {
                    return Optional.of(c.getValue());
                }
            }
        }
        return Optional.empty();
    }

    private static void setCookie(HttpServletRequest request, HttpServletResponse response, String id) {
        response.addHeader(
                "Set-Cookie",
                COOKIE + "=" + id + "; Path=" + request.getContextPath() + "/h5; HttpOnly; SameSite=Lax"
                        + (ClientAddress.overTls(request) ? "; Secure" : ""));
    }

    private static String random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static String key(String session) {
        return "wxp:h5:session:" + session;
    }

    private static String stateKey(String state) {
        return "wxp:h5:oauth:state:" + state;
    }
}
