package org.wxplatform.account.wechat;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.wxplatform.account.token.TokenSource;
import org.wxplatform.account.token.TokenUnavailableException;
import org.wxplatform.platform.config.Settings;
import redis.clients.jedis.JedisPool;

/**
 * The WeChat API as the product uses it (SPEC §2.4): customer-service and template messages, user info
 * and user tags, the custom menu, media upload, QR codes, OAuth2 and the JS-SDK ticket.
 *
 * <p>Every call: waits its turn in the account's rate limit (and its back-off window after 45009/-1),
 * uses the centrally controlled access_token, and on a token error forces one refresh (only if that
 * token is still the current one) and retries once. Failures are typed ({@link WeChatApiException} and
 * its subclasses; {@link WeChatApiException#transientFailure()} says whether to retry later). Every call
 * is in the interface log.
 */
@ApplicationScoped
public class WeChatClient {

    private static final Pattern OPENID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Set<String> SCOPES = Set.of("snsapi_base", "snsapi_userinfo");

    private WeChatHttp http;
    private TokenSource accessTokens;
    private TokenSource jsapiTickets;
    private ApiRateLimiter limiter;
    private SecretSource secrets;

    /** For the container's proxy. */
    protected WeChatClient() {}

    @Inject
    WeChatClient(AccountTokens tokens, JedisPool pool) {
        this(tokens.http(), tokens.accessTokens(), tokens.jsapiTickets(), ApiRateLimiters.fromSettings(pool), tokens);
    }

    public WeChatClient(
            WeChatHttp http,
            TokenSource accessTokens,
            TokenSource jsapiTickets,
            ApiRateLimiter limiter,
            SecretSource secrets) {
        this.http = http;
        this.accessTokens = accessTokens;
        this.jsapiTickets = jsapiTickets;
        this.limiter = limiter;
        this.secrets = secrets;
    }

    /** Sends a customer-service message (the user must have interacted in the last 48 hours). */
    public void sendCustomMessage(String appId, KfMessage message) throws WeChatApiException {
        required(message, "message");
        String path = "/cgi-bin/message/custom/send";
        appid(appId);
        if (limiter.userHeld(appId, message.toUser())) {
            throw new UserQuotaException(path, "held back: this subscriber's customer-service quota ran out (45047)");
        }
        try {
            post(appId, path, Map.of(), message.toJson());
        } catch (UserQuotaException e) {
            // only this subscriber is held back, never the whole account
            limiter.holdUser(appId, message.toUser(), 1000L * Settings.getInt("WXP_KF_QUOTA_HOLD_SECONDS", 600));
            throw e;
        }
    }

    /** Sends a template message; returns WeChat's msgid (the TEMPLATESENDJOBFINISH event carries it). */
    public long sendTemplate(String appId, TemplateMessage message) throws WeChatApiException {
        required(message, "message");
        String path = "/cgi-bin/message/template/send";
        JsonObject o = post(appId, path, Map.of(), message.toJson());
        long msgid = Fields.number(o, "msgid", -1);
        if (msgid < 0) {
            throw new WeChatApiException(path, WeChatApiException.NO_ERRCODE, "answer without msgid");
        }
        return msgid;
    }

    /**
     * Sends a template message whose pace the caller keeps itself (a push has its own per-account rate):
     * the account's general call limit is not applied, WeChat's 45009/-1 still open its back-off window.
     */
    public long sendTemplatePaced(String appId, TemplateMessage message) throws WeChatApiException {
        required(message, "message");
        appid(appId);
        String path = "/cgi-bin/message/template/send";
        JsonObject o = TokenCalls.withToken(accessTokens, appId, path, token -> {
            try {
                return http.postJson(appId, path, withToken(Map.of(), token), message.toJson());
            } catch (RateLimitedException | BusyException e) {
                limiter.backOff(appId);
                throw e;
            }
        });
        long msgid = Fields.number(o, "msgid", -1);
        if (msgid < 0) {
            throw new WeChatApiException(path, WeChatApiException.NO_ERRCODE, "answer without msgid");
        }
        return msgid;
    }

    /** {@code /cgi-bin/template/get_all_private_template}: the account's template library. */
    public List<PrivateTemplate> templates(String appId) throws WeChatApiException {
        String path = "/cgi-bin/template/get_all_private_template";
        JsonObject o = get(appId, path, Map.of());
        List<PrivateTemplate> out = new ArrayList<>();
        if (o.get("template_list") instanceof jakarta.json.JsonArray list) {
            for (JsonValue v : list) {
                if (v instanceof JsonObject t) {
                    out.add(new PrivateTemplate(
                            Fields.required(t, "template_id", path),
                            Fields.string(t, "title"),
                            Fields.string(t, "content"),
                            Fields.string(t, "example")));
                }
            }
        }
        return out;
    }

    /** {@code /cgi-bin/openapi/quota/get}: the daily limit of one API and what was used of it today. */
    public ApiQuota quota(String appId, String cgiPath) throws WeChatApiException {
        String path = "/cgi-bin/openapi/quota/get";
        JsonObject o = post(
                appId,
                path,
                Map.of(),
                JsonP.JSON.createObjectBuilder().add("cgi_path", cgiPath).build());
        if (!(o.get("quota") instanceof JsonObject q)) {
            throw new WeChatApiException(path, WeChatApiException.NO_ERRCODE, "answer without quota");
        }
        return new ApiQuota(
                cgiPath,
                Fields.number(q, "daily_limit", 0),
                Fields.number(q, "used", 0),
                Fields.number(q, "remain", 0));
    }

    /** {@code /cgi-bin/user/info}: the subscriber's profile as WeChat has it now. */
    public WeChatUser userInfo(String appId, String openid) throws WeChatApiException {
        openid(openid);
        String path = "/cgi-bin/user/info";
        return WeChatUser.fromJson(get(appId, path, Map.of("openid", openid, "lang", "zh_CN")), path);
    }

    /** {@code /cgi-bin/tags/get}: the account's user tags (WeChat's own 星标组 among them). */
    public List<UserTag> tags(String appId) throws WeChatApiException {
        String path = "/cgi-bin/tags/get";
        JsonObject o = get(appId, path, Map.of());
        if (!(o.get("tags") instanceof jakarta.json.JsonArray list)) {
            throw new WeChatApiException(path, WeChatApiException.NO_ERRCODE, "answer without tags");
        }
        List<UserTag> out = new ArrayList<>();
        for (JsonValue v : list) {
            if (v instanceof JsonObject t) {
                long id = Fields.number(t, "id", -1);
                if (id < 0) {
                    throw new WeChatApiException(path, WeChatApiException.NO_ERRCODE, "a tag without id");
                }
                String name = Fields.string(t, "name");
                out.add(new UserTag(id, name == null ? "" : name, Fields.number(t, "count", 0)));
            }
        }
        return List.copyOf(out);
    }

    /**
     * {@code /cgi-bin/tags/getidlist}: the ids of the tags the follower carries now (empty when none).
     * WeChat answers 40003 for an openid that does not follow the account, 49003 for another account's.
     */
    public List<Long> tagsOf(String appId, String openid) throws WeChatApiException {
        openid(openid);
        String path = "/cgi-bin/tags/getidlist";
        JsonObject o = post(
                appId,
                path,
                Map.of(),
                JsonP.JSON.createObjectBuilder().add("openid", openid).build());
        if (!(o.get("tagid_list") instanceof jakarta.json.JsonArray list)) {
            throw new WeChatApiException(path, WeChatApiException.NO_ERRCODE, "answer without tagid_list");
        }
        List<Long> out = new ArrayList<>();
        for (JsonValue v : list) {
            if (!(v instanceof jakarta.json.JsonNumber n) || !n.isIntegral()) {
                throw new WeChatApiException(path, WeChatApiException.NO_ERRCODE, "a tag id that is no number");
            }
            out.add(n.longValue());
        }
        return List.copyOf(out);
    }

    /** Replaces the account's custom menu (1-3 buttons, each with up to 5 sub-buttons). */
    public void createMenu(String appId, List<MenuButton> buttons) throws WeChatApiException {
        post(appId, "/cgi-bin/menu/create", Map.of(), MenuButton.menuJson(buttons));
    }

    /** The account's current custom menu; empty when it has none (WeChat's 46003). */
    public List<MenuButton> getMenu(String appId) throws WeChatApiException {
        try {
            return MenuButton.fromMenuGet(get(appId, "/cgi-bin/menu/get", Map.of()));
        } catch (WeChatApiException e) {
            if (e.errcode() == 46003) {
                return List.of();
            }
            throw e;
        }
    }

    public void deleteMenu(String appId) throws WeChatApiException {
        get(appId, "/cgi-bin/menu/delete", Map.of());
    }

    /** Uploads temporary media (kept by WeChat for three days). */
    public UploadedMedia uploadMedia(String appId, MediaType type, String filename, String contentType, byte[] content)
            throws WeChatApiException {
        required(type, "type");
        if (filename == null || !filename.matches("[^/\\\\\"\\r\\n]{1,128}")) {
            throw new IllegalArgumentException("filename must be 1-128 characters without / \\ \" or line breaks");
        }
        if (contentType == null || !contentType.matches("[a-z]+/[A-Za-z0-9.+-]+")) {
            throw new IllegalArgumentException("contentType must be a MIME type such as image/jpeg");
        }
        if (content == null || content.length == 0 || content.length > type.maxBytes()) {
            throw new IllegalArgumentException(type.wire() + " media must be 1 to " + type.maxBytes() + " bytes");
        }
        String path = "/cgi-bin/media/upload";
        JsonObject o = call(
                appId,
                path,
                token -> http.postMultipart(
                        appId,
                        path,
                        Map.of("access_token", token, "type", type.wire()),
                        "media",
                        filename,
                        contentType,
                        content));
        String mediaId = Fields.string(o, type == MediaType.THUMB ? "thumb_media_id" : "media_id");
        if (mediaId == null) {
            mediaId = Fields.required(o, "media_id", path);
        }
        return new UploadedMedia(type, mediaId, Fields.number(o, "created_at", 0));
    }

    /**
     * Adds a permanent image ({@code /cgi-bin/material/add_material?type=image}) for replies that outlive
     * a temporary media id's three days: bmp, png, jpeg or gif (recognised by its first bytes, the content
     * type sent is the one they say), 1 byte to 10 MB. Answers its media id and the URL WeChat shows it at.
     */
    public PermanentImage addPermanentImage(String appId, String filename, byte[] content) throws WeChatApiException {
        if (filename == null || !filename.matches("[^/\\\\\"\\r\\n]{1,128}")) {
            throw new IllegalArgumentException("filename must be 1-128 characters without / \\ \" or line breaks");
        }
        if (content == null || content.length == 0 || content.length > MediaType.IMAGE.maxBytes()) {
            throw new IllegalArgumentException("image must be 1 to " + MediaType.IMAGE.maxBytes() + " bytes");
        }
        String contentType = PermanentImage.contentType(content)
                .orElseThrow(() -> new IllegalArgumentException("not a bmp, png, jpeg or gif image"));
        String path = "/cgi-bin/material/add_material";
        JsonObject o = call(
                appId,
                path,
                token -> http.postMultipart(
                        appId,
                        path,
                        Map.of("access_token", token, "type", "image"),
                        "media",
                        filename,
                        contentType,
                        content));
        return new PermanentImage(Fields.required(o, "media_id", path), Fields.string(o, "url"));
    }

    /** Creates a parametric QR code. */
    public QrCode createQrCode(String appId, QrCodeRequest request) throws WeChatApiException {
        required(request, "request");
        String path = "/cgi-bin/qrcode/create";
        JsonObject o = post(appId, path, Map.of(), request.toJson());
        String ticket = Fields.required(o, "ticket", path);
        return new QrCode(ticket, Fields.number(o, "expire_seconds", 0), Fields.string(o, "url"), qrCodeImage(ticket));
    }

    /** Where the image of a QR code ticket is. */
    public String qrCodeImage(String ticket) {
        return http.url("/cgi-bin/showqrcode", Map.of("ticket", ticket));
    }

    /** The page WeChat shows to authorize a web page (send the user's browser there). */
    public String authorizeUrl(String appId, String redirectUri, String scope, String state) {
        Fields.url(redirectUri, "redirectUri");
        if (!SCOPES.contains(scope)) {
            throw new IllegalArgumentException("scope must be snsapi_base or snsapi_userinfo");
        }
        if (state != null && !state.matches("[A-Za-z0-9]{0,128}")) {
            throw new IllegalArgumentException("state is at most 128 letters and digits");
        }
        Map<String, String> q = new LinkedHashMap<>();
        q.put("appid", appId);
        q.put("redirect_uri", redirectUri);
        q.put("response_type", "code");
        q.put("scope", scope);
        q.put("state", state == null ? "" : state);
        return http.oauthUrl("/connect/oauth2/authorize", q) + "#wechat_redirect";
    }

    /** Exchanges a web-authorization code (valid five minutes, once) for the user's OAuth token. */
    public OAuthToken exchangeCode(String appId, String code) throws WeChatApiException {
        if (code == null || !code.matches("[A-Za-z0-9_-]{1,128}")) {
            throw new IllegalArgumentException("code is malformed");
        }
        String path = "/sns/oauth2/access_token";
        Map<String, String> q = new LinkedHashMap<>();
        q.put("appid", appId);
        q.put("secret", secrets.secret(appId));
        q.put("code", code);
        q.put("grant_type", "authorization_code");
        JsonObject o = direct(appId, path, () -> http.get(appId, path, q));
        return new OAuthToken(
                Fields.required(o, "access_token", path),
                Fields.number(o, "expires_in", 0),
                Fields.string(o, "refresh_token"),
                Fields.required(o, "openid", path),
                Fields.string(o, "scope"),
                Fields.string(o, "unionid"),
                Fields.number(o, "is_snapshotuser", 0) == 1);
    }

    /** The user's profile with their OAuth token (scope snsapi_userinfo). */
    public OAuthUser oauthUserInfo(String appId, OAuthToken token) throws WeChatApiException {
        required(token, "token");
        String path = "/sns/userinfo";
        JsonObject o = direct(
                appId,
                path,
                () -> http.get(
                        appId,
                        path,
                        Map.of("access_token", token.accessToken(), "openid", token.openid(), "lang", "zh_CN")));
        List<String> privilege = new ArrayList<>();
        if (o.get("privilege") instanceof jakarta.json.JsonArray arr) {
            for (JsonValue v : arr) {
                if (v instanceof JsonString s) {
                    privilege.add(s.getString());
                }
            }
        }
        return new OAuthUser(
                Fields.required(o, "openid", path),
                Fields.string(o, "nickname"),
                (int) Fields.number(o, "sex", 0),
                Fields.string(o, "province"),
                Fields.string(o, "city"),
                Fields.string(o, "country"),
                Fields.string(o, "headimgurl"),
                List.copyOf(privilege),
                Fields.string(o, "unionid"));
    }

    /** The account's confirmed jsapi_ticket (for JS-SDK signatures), from the central control. */
    public String jsapiTicket(String appId) throws WeChatApiException {
        try {
            return jsapiTickets.current(appId).value();
        } catch (TokenUnavailableException e) {
            if (e.getCause() instanceof WeChatApiException w) {
                throw w;
            }
            throw new UnreachableException(WeChatFetchers.TICKET_PATH, "no jsapi_ticket: " + e.getMessage(), e);
        }
    }

    private JsonObject get(String appId, String path, Map<String, String> query) throws WeChatApiException {
        return call(appId, path, token -> http.get(appId, path, withToken(query, token)));
    }

    private JsonObject post(String appId, String path, Map<String, String> query, JsonObject body)
            throws WeChatApiException {
        return call(appId, path, token -> http.postJson(appId, path, withToken(query, token), body));
    }

    private <T> T call(String appId, String path, TokenCalls.WithToken<T> call) throws WeChatApiException {
        appid(appId);
        return TokenCalls.withToken(accessTokens, appId, path, token -> direct(appId, path, () -> call.call(token)));
    }

    private interface Direct<T> {
        T run() throws WeChatApiException;
    }

    /** One request in the account's rate limit; 45009/-1 open the account's back-off window. */
    private <T> T direct(String appId, String path, Direct<T> request) throws WeChatApiException {
        appid(appId);
        limiter.acquire(appId, path);
        try {
            return request.run();
        } catch (RateLimitedException | BusyException e) {
            limiter.backOff(appId);
            throw e;
        }
    }

    private static Map<String, String> withToken(Map<String, String> query, String token) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("access_token", token);
        q.putAll(query);
        return q;
    }

    private static void appid(String appId) {
        if (appId == null || !appId.matches("[A-Za-z0-9_-]{1,32}")) {
            throw new IllegalArgumentException("appId is malformed");
        }
    }

    private static void openid(String openid) {
        if (openid == null || !OPENID.matcher(openid).matches()) {
            throw new IllegalArgumentException("openid is malformed");
        }
    }

    private static void required(Object value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is required");
        }
    }
}
