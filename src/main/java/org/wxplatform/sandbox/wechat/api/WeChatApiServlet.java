package org.wxplatform.sandbox.wechat.api;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.MultipartConfig;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.wxplatform.sandbox.wechat.SandboxAccount;
import org.wxplatform.sandbox.wechat.web.SandboxAccounts;

/**
 * WeChat's API under {@code /sandbox/wechat/api}: the same paths, parameters, JSON and errcodes as
 * {@code https://api.weixin.qq.com} (see docs/sandbox.md for the list), answered from the sandbox's state
 * in Redis.
 *
 * <p>Every call made with an access_token goes through one pipeline: the token is looked up (its account
 * is charged with the call), the account's configured latency is added, a configured share of calls
 * answers HTTP 503, then the token is judged (missing 41001, malformed 40014, never issued or invalidated
 * 40001, expired 42001, each counted), then a configured errcode is injected, and only then does the call
 * do its work. {@code /cgi-bin/token} gets latency and 503s but no injected errcode. Errors are WeChat's:
 * HTTP 200 with {@code {"errcode", "errmsg"}}.
 */
@WebServlet(urlPatterns = "/sandbox/wechat/api/*")
@MultipartConfig(maxFileSize = 11L << 20, maxRequestSize = 12L << 20, fileSizeThreshold = 1 << 20)
public class WeChatApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    static final int MAX_BODY = 1 << 20;
    /** Where permanent images are shown (WeChat's mmbiz.qpic.cn), under this servlet. */
    static final String PICTURES = "/mmbiz/";

    @Inject
    transient SandboxState state;

    @Inject
    transient SandboxAccounts accounts;

    @Inject
    transient TemplateReceipts receipts;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        Map<String, String> query = query(request.getQueryString());
        String method = request.getMethod();
        try {
            switch (path) {
                case "/cgi-bin/token":
                    requireGet(method);
                    token(query, response);
                    return;
                case "/connect/oauth2/authorize":
                    requireGet(method);
                    OAuthPages.authorize(this, request, query, response);
                    return;
                case "/sns/oauth2/access_token":
                    requireGet(method);
                    snsToken(query, response);
                    return;
                case "/sns/userinfo":
                    requireGet(method);
                    snsUserInfo(request, query, response);
                    return;
                case "/cgi-bin/showqrcode":
                    requireGet(method);
                    showQr(query, response);
                    return;
                default:
                    break;
            }
            if (path.startsWith(PICTURES)) {
                requireGet(method);
                showMaterial(path.substring(PICTURES.length()), response);
                return;
            }
            Endpoint endpoint = Endpoint.of(path);
            if (endpoint == null) {
                write(response, 404, error(40066, "invalid url hint: " + path + " is not a WeChat API path"));
                return;
            }
            if (endpoint.post ? !method.equals("POST") : !method.equals("GET")) {
                throw new ApiFailure(
                        endpoint.post ? 43002 : 43001, endpoint.post ? "require POST method" : "require GET method");
            }
            String appId = authorize(path, query.get("access_token"), response);
            if (appId == null) {
                return;
            }
            JsonObject answer = dispatch(endpoint, appId, request, query);
            double lost = state.config(appId).answerLostRate();
            if (lost > 0 && ThreadLocalRandom.current().nextDouble() < lost) {
                // done, but the answer does not reach the caller
                state.count(appId, "lostAnswers");
                response.setStatus(200);
                response.setContentType("text/html");
                response.setCharacterEncoding("UTF-8");
                response.getOutputStream()
                        .write("<html><body><h1>502 Bad Gateway</h1></body></html>".getBytes(StandardCharsets.UTF_8));
                return;
            }
            write(response, 200, answer);
        } catch (ApiFailure e) {
            write(response, 200, error(e.errcode(), e.errmsg()));
        }
    }

    private enum Endpoint {
        TICKET("/cgi-bin/ticket/getticket", false),
        KF_SEND("/cgi-bin/message/custom/send", true),
        TEMPLATE_SEND("/cgi-bin/message/template/send", true),
        TEMPLATE_LIST("/cgi-bin/template/get_all_private_template", false),
        QUOTA_GET("/cgi-bin/openapi/quota/get", true),
        USER_INFO("/cgi-bin/user/info", false),
        TAGS_GET("/cgi-bin/tags/get", false),
        TAGS_CREATE("/cgi-bin/tags/create", true),
        TAGS_TAGGING("/cgi-bin/tags/members/batchtagging", true),
        TAGS_UNTAGGING("/cgi-bin/tags/members/batchuntagging", true),
        TAGS_OF_USER("/cgi-bin/tags/getidlist", true),
        MENU_CREATE("/cgi-bin/menu/create", true),
        MENU_GET("/cgi-bin/menu/get", false),
        MENU_DELETE("/cgi-bin/menu/delete", false),
        MEDIA_UPLOAD("/cgi-bin/media/upload", true),
        MATERIAL_ADD("/cgi-bin/material/add_material", true),
        QR_CREATE("/cgi-bin/qrcode/create", true);

        final String path;
        final boolean post;

        Endpoint(String path, boolean post) {
            this.path = path;
            this.post = post;
        }

        static Endpoint of(String path) {
            for (Endpoint e : values()) {
                if (e.path.equals(path)) {
                    return e;
                }
            }
            return null;
        }
    }

    /**
     * The pipeline of the class comment up to the work itself: answers the token's AppId, or null after
     * writing the failure.
     */
    private String authorize(String path, String token, HttpServletResponse response) throws IOException {
        if (token == null || token.isEmpty()) {
            write(response, 200, error(ApiFailure.ACCESS_TOKEN_MISSING, "access_token missing"));
            return null;
        }
        SandboxState.TokenCheck check = state.checkToken(token);
        if (check.appId() == null) {
            state.count(null, "invalidTokenCalls");
            write(
                    response,
                    200,
                    check.status() == SandboxState.TokenStatus.MALFORMED
                            ? error(ApiFailure.INVALID_ACCESS_TOKEN, "invalid access_token")
                            : error(
                                    ApiFailure.INVALID_CREDENTIAL,
                                    ApiFailure.standardMessage(ApiFailure.INVALID_CREDENTIAL)));
            return null;
        }
        String appId = check.appId();
        state.countCall(appId, path);
        SandboxConfig config = state.config(appId);
        if (!delayAndMaybeFail(config, response)) {
            return null;
        }
        if (check.status() == SandboxState.TokenStatus.EXPIRED) {
            state.count(appId, "expiredTokenCalls");
            write(response, 200, error(ApiFailure.ACCESS_TOKEN_EXPIRED, "access_token expired"));
            return null;
        }
        if (check.status() == SandboxState.TokenStatus.INVALIDATED) {
            state.count(appId, "invalidTokenCalls");
            write(
                    response,
                    200,
                    error(ApiFailure.INVALID_CREDENTIAL, ApiFailure.standardMessage(ApiFailure.INVALID_CREDENTIAL)));
            return null;
        }
        Optional<Integer> injected = state.takeInjectedErrcode(appId, config);
        if (injected.isPresent()) {
            throw ApiFailure.injected(injected.get());
        }
        return appId;
    }

    /** Sleeps the configured latency; answers false after writing a 503 for a configured failure. */
    private static boolean delayAndMaybeFail(SandboxConfig config, HttpServletResponse response) throws IOException {
        if (config.latencyMs() > 0) {
            try {
                Thread.sleep(config.latencyMs());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (config.failure5xxRate() > 0 && ThreadLocalRandom.current().nextDouble() < config.failure5xxRate()) {
            response.setStatus(503);
            response.setContentType("text/html");
            response.setCharacterEncoding("UTF-8");
            response.getOutputStream()
                    .write("<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>"
                            .getBytes(StandardCharsets.UTF_8));
            return false;
        }
        return true;
    }

    private JsonObject dispatch(Endpoint endpoint, String appId, HttpServletRequest request, Map<String, String> query)
            throws IOException {
        switch (endpoint) {
            case TICKET:
                String type = query.getOrDefault("type", "jsapi");
                if (!type.equals("jsapi") && !type.equals("wx_card")) {
                    throw new ApiFailure(ApiFailure.INVALID_ARGS, "invalid args hint: type is jsapi or wx_card");
                }
                SandboxState.Issued ticket = state.issueTicket(appId);
                return ok().add("ticket", ticket.value())
                        .add("expires_in", ticket.expiresIn())
                        .build();
            case KF_SEND:
                return kfSend(appId, MessageRules.body(body(request)));
            case TEMPLATE_SEND:
                return templateSend(appId, request, MessageRules.body(body(request)));
            case TEMPLATE_LIST:
                return Json.createObjectBuilder()
                        .add("template_list", SandboxTemplates.list(state, appId))
                        .build();
            case QUOTA_GET:
                return quota(appId, MessageRules.body(body(request)));
            case USER_INFO:
                return userInfo(request, appId, query.get("openid"));
            case TAGS_GET:
                return tagList(appId);
            case TAGS_CREATE:
                SandboxState.Tag tag = state.createTag(appId, TagRules.name(MessageRules.body(body(request))));
                return Json.createObjectBuilder()
                        .add(
                                "tag",
                                Json.createObjectBuilder().add("id", tag.id()).add("name", tag.name()))
                        .build();
            case TAGS_TAGGING:
                state.tag(appId, subscribers(appId, TagRules.batch(appId, MessageRules.body(body(request)))));
                return ok().build();
            case TAGS_UNTAGGING:
                state.untag(appId, subscribers(appId, TagRules.batch(appId, MessageRules.body(body(request)))));
                return ok().build();
            case TAGS_OF_USER:
                String tagged = TagRules.openid(appId, MessageRules.body(body(request)));
                requireFollower(appId, tagged);
                return Json.createObjectBuilder()
                        .add("tagid_list", tagIds(appId, tagged))
                        .build();
            case MENU_CREATE:
                JsonObject menu = MessageRules.body(body(request));
                MenuRules.validate(menu);
                state.putMenu(
                        appId,
                        Json.createObjectBuilder()
                                .add("button", menu.get("button"))
                                .build()
                                .toString());
                return ok().build();
            case MENU_GET:
                String stored =
                        state.menu(appId).orElseThrow(() -> new ApiFailure(ApiFailure.MENU_NO_EXIST, "menu no exist"));
                return Json.createObjectBuilder()
                        .add("menu", MessageRules.body(stored))
                        .build();
            case MENU_DELETE:
                state.deleteMenu(appId);
                return ok().build();
            case MEDIA_UPLOAD:
                return upload(appId, request, query.get("type"));
            case MATERIAL_ADD:
                return addMaterial(appId, request, query.get("type"));
            default: // QR_CREATE
                QrRules.Qr qr = QrRules.check(MessageRules.body(body(request)));
                String qrTicket = state.putQr(appId, qr.action(), qr.scene(), qr.expireSeconds());
                JsonObjectBuilder answer = Json.createObjectBuilder().add("ticket", qrTicket);
                if (!qr.permanent()) {
                    answer.add("expire_seconds", qr.expireSeconds());
                }
                return answer.add("url", "http://weixin.qq.com/q/" + qrTicket.substring(2, 24))
                        .build();
        }
    }

    // ---- token

    private void token(Map<String, String> query, HttpServletResponse response) throws IOException {
        if (!"client_credential".equals(query.get("grant_type"))) {
            throw new ApiFailure(ApiFailure.INVALID_GRANT_TYPE, "invalid grant_type hint: client_credential");
        }
        SandboxAccount account = account(query.get("appid"));
        state.countCall(account.appId(), "/cgi-bin/token");
        SandboxConfig config = state.config(account.appId());
        if (!delayAndMaybeFail(config, response)) {
            return;
        }
        checkSecret(account, query.get("secret"));
        SandboxState.Issued token = state.issueToken(account.appId(), config.tokenTtlSeconds());
        write(
                response,
                200,
                Json.createObjectBuilder()
                        .add("access_token", token.value())
                        .add("expires_in", token.expiresIn())
                        .build());
    }

    SandboxAccount account(String appId) {
        try {
            return accounts.find(appId)
                    .orElseThrow(() -> new ApiFailure(ApiFailure.INVALID_APPID, "invalid appid"))
                    .account();
        } catch (IllegalArgumentException e) {
            throw new ApiFailure(ApiFailure.INVALID_APPID, "invalid appid");
        }
    }

    private static void checkSecret(SandboxAccount account, String secret) {
        if (account.secret() == null) {
            throw new ApiFailure(
                    ApiFailure.INVALID_APPSECRET,
                    "invalid appsecret hint: no AppSecret is registered with the sandbox for this appid");
        }
        if (secret == null
                || !java.security.MessageDigest.isEqual(
                        secret.getBytes(StandardCharsets.UTF_8),
                        account.secret().getBytes(StandardCharsets.UTF_8))) {
            throw new ApiFailure(ApiFailure.INVALID_APPSECRET, "invalid appsecret");
        }
    }

    // ---- messages

    private void checkRecipient(String appId, String openId) {
        if (!SimulatedUsers.known(appId, openId)) {
            throw new ApiFailure(ApiFailure.INVALID_OPENID, "invalid openid");
        }
        if (!state.subscribed(appId, openId)) {
            throw new ApiFailure(ApiFailure.REQUIRE_SUBSCRIBE, "require subscribe hint: the user unsubscribed");
        }
    }

    private JsonObject kfSend(String appId, JsonObject body) {
        MessageRules.Kf kf = MessageRules.kf(body);
        checkRecipient(appId, kf.toUser());
        if (MessageRules.UPLOADED_MEDIA.contains(kf.msgType())) {
            String mediaId = MenuRules.string(kf.payload(), "media_id");
            if (state.media(appId, mediaId).isEmpty()) {
                throw new ApiFailure(
                        ApiFailure.INVALID_MEDIA_ID, "invalid media_id hint: not uploaded to this account or expired");
            }
        }
        if (state.config(appId).kfRules()) {
            switch (state.takeKf(appId, kf.toUser(), state.kfNow(appId))) {
                case OUT_OF_TIME -> throw new ApiFailure(
                        ApiFailure.RESPONSE_OUT_OF_TIME_LIMIT,
                        "response out of time limit or subscription is canceled hint: the subscriber has not"
                                + " written within 48 hours");
                case OUT_OF_COUNT -> throw new ApiFailure(
                        ApiFailure.OUT_OF_RESPONSE_COUNT_LIMIT,
                        "out of response count limit hint: 5 messages after a message, 3 within a minute after"
                                + " a menu tap, follow or scan");
                default -> {
                    // allowed, or a subscriber the sandbox never saw interact
                }
            }
        }
        JsonObjectBuilder entry = Json.createObjectBuilder()
                .add("kind", "kf")
                .add("type", kf.msgType())
                .add(kf.msgType(), kf.payload());
        if (kf.kfAccount() != null) {
            entry.add("kfAccount", kf.kfAccount());
        }
        state.deliver(appId, kf.toUser(), entry.build());
        return ok().build();
    }

    private JsonObject templateSend(String appId, HttpServletRequest request, JsonObject body) {
        MessageRules.Template template = MessageRules.template(body);
        checkRecipient(appId, template.toUser());
        SandboxAccount account = account(appId);
        SandboxConfig config = state.config(appId);
        if (!state.takeTemplateQuota(appId, config.templateDailyQuota())) {
            throw new ApiFailure(
                    ApiFailure.API_FREQ_OUT_OF_LIMIT,
                    "reach max api daily quota limit hint: " + config.templateDailyQuota()
                            + " template messages a day");
        }
        long msgId = state.nextMsgId();
        JsonObjectBuilder entry = Json.createObjectBuilder()
                .add("kind", "template")
                .add("type", "template")
                .add("msgid", msgId)
                .add("template_id", template.templateId());
        if (template.url() != null) {
            entry.add("url", template.url());
        }
        if (body.containsKey("miniprogram")) {
            entry.add("miniprogram", body.get("miniprogram"));
        }
        entry.add(
                "data",
                body.containsKey("data")
                        ? body.get("data")
                        : Json.createObjectBuilder().build());
        String outcome = config.drawOutcome(ThreadLocalRandom.current().nextDouble());
        boolean zero = config.templateMsgIdZeroRate() > 0
                && ThreadLocalRandom.current().nextDouble() < config.templateMsgIdZeroRate();
        state.templateSent(appId, template.toUser(), outcome, zero);
        if (config.templateReceiptsHeld()) {
            receipts.hold(appId, template.toUser(), msgId, entry.build(), outcome);
        } else {
            receipts.schedule(
                    account,
                    baseUrl(request),
                    template.toUser(),
                    msgId,
                    entry.build(),
                    outcome,
                    config.templateReceiptDelayMs());
        }
        return ok().add("msgid", zero ? 0 : msgId).build();
    }

    /**
     * {@code /cgi-bin/openapi/quota/get}: the daily limit of an API and what was used of it today; the
     * sandbox keeps quotas of template sends and token fetches.
     */
    private JsonObject quota(String appId, JsonObject body) {
        String cgiPath = MenuRules.string(body, "cgi_path");
        long limit;
        long used;
        if ("/cgi-bin/message/template/send".equals(cgiPath)) {
            limit = state.config(appId).templateDailyQuota();
            used = state.templateQuotaUsed(appId);
        } else if ("/cgi-bin/token".equals(cgiPath)) {
            limit = SandboxState.DAILY_TOKEN_LIMIT;
            used = Math.min(limit, state.tokenFetchesToday(appId));
        } else {
            throw new ApiFailure(76021, "cgi_path not found, please check");
        }
        return ok().add(
                        "quota",
                        Json.createObjectBuilder()
                                .add("daily_limit", limit)
                                .add("used", used)
                                .add("remain", Math.max(0, limit - used)))
                .build();
    }

    // ---- users

    private JsonObject userInfo(HttpServletRequest request, String appId, String openId) {
        if (!SimulatedUsers.known(appId, openId)) {
            throw new ApiFailure(ApiFailure.INVALID_OPENID, "invalid openid");
        }
        if (!state.subscribed(appId, openId)) {
            return Json.createObjectBuilder()
                    .add("subscribe", 0)
                    .add("openid", openId)
                    .build();
        }
        SimulatedUsers.Profile p = SimulatedUsers.profile(appId, openId);
        return Json.createObjectBuilder()
                .add("subscribe", 1)
                .add("openid", openId)
                .add("nickname", p.nickname())
                .add("sex", p.sex())
                .add("language", "zh_CN")
                .add("city", p.city())
                .add("province", p.province())
                .add("country", p.country())
                .add("headimgurl", baseUrl(request) + p.headImgUrl())
                .add("subscribe_time", p.subscribeTime())
                .add("remark", "")
                .add("groupid", 0)
                .add("tagid_list", tagIds(appId, openId))
                .add("subscribe_scene", "ADD_SCENE_QR_CODE")
                .add("qr_scene", 0)
                .add("qr_scene_str", "")
                .build();
    }

    // ---- user tags

    private JsonObject tagList(String appId) {
        jakarta.json.JsonArrayBuilder tags = Json.createArrayBuilder();
        for (SandboxState.Tag t : state.tags(appId)) {
            tags.add(Json.createObjectBuilder()
                    .add("id", t.id())
                    .add("name", t.name())
                    .add("count", t.count()));
        }
        return Json.createObjectBuilder().add("tags", tags).build();
    }

    private jakarta.json.JsonArrayBuilder tagIds(String appId, String openId) {
        jakarta.json.JsonArrayBuilder ids = Json.createArrayBuilder();
        state.tagsOf(appId, openId).forEach(ids::add);
        return ids;
    }

    /** Tags are put on followers only (WeChat's 40003: "是否已关注公众号"). */
    private TagRules.Batch subscribers(String appId, TagRules.Batch batch) {
        batch.openids().forEach(o -> requireFollower(appId, o));
        return batch;
    }

    private void requireFollower(String appId, String openId) {
        if (!state.subscribed(appId, openId)) {
            throw new ApiFailure(
                    ApiFailure.INVALID_OPENID, "invalid openid hint: the user does not follow the account");
        }
    }

    // ---- media and QR

    private JsonObject upload(String appId, HttpServletRequest request, String type) throws IOException {
        MediaRules.checkType(type);
        Part part;
        try {
            part = request.getPart("media");
        } catch (IllegalStateException | IOException e) {
            // the container refuses a part above the servlet's limit (11 MB) before anyone reads it
            throw MediaRules.tooLarge(type, -1);
        } catch (ServletException e) {
            throw new ApiFailure(
                    ApiFailure.MEDIA_DATA_MISSING, "media data missing hint: multipart/form-data expected");
        }
        if (part == null) {
            throw new ApiFailure(ApiFailure.MEDIA_DATA_MISSING, "media data missing hint: no form field \"media\"");
        }
        byte[] head;
        try (InputStream in = part.getInputStream()) {
            head = in.readNBytes(8);
        }
        String filename = part.getSubmittedFileName();
        MediaRules.check(type, filename, part.getSize(), head);
        String mediaId = state.putMedia(appId, type, filename, part.getSize());
        part.delete();
        return Json.createObjectBuilder()
                .add("type", type)
                .add(type.equals("thumb") ? "thumb_media_id" : "media_id", mediaId)
                .add("created_at", state.now() / 1000)
                .build();
    }

    /**
     * {@code /cgi-bin/material/add_material?type=image}: a permanent image, checked as a temporary one
     * (bmp/png/jpeg/jpg/gif by name and first bytes, 1 byte to 10 MB), stored with its bytes; answers its
     * media_id and the URL that shows it. The sandbox keeps permanent images only (other types: 40004).
     */
    private JsonObject addMaterial(String appId, HttpServletRequest request, String type) throws IOException {
        if (!"image".equals(type)) {
            MediaRules.checkType(type);
            throw new ApiFailure(
                    ApiFailure.INVALID_MEDIA_TYPE, "invalid media type hint: the sandbox keeps permanent images only");
        }
        Part part;
        try {
            part = request.getPart("media");
        } catch (IllegalStateException | IOException e) {
            throw MediaRules.tooLarge(type, -1);
        } catch (ServletException e) {
            throw new ApiFailure(
                    ApiFailure.MEDIA_DATA_MISSING, "media data missing hint: multipart/form-data expected");
        }
        if (part == null) {
            throw new ApiFailure(ApiFailure.MEDIA_DATA_MISSING, "media data missing hint: no form field \"media\"");
        }
        long max = MediaRules.MAX_BYTES.get(type);
        byte[] content;
        try (InputStream in = part.getInputStream()) {
            content = in.readNBytes((int) max + 1);
        }
        String filename = part.getSubmittedFileName();
        MediaRules.check(type, filename, part.getSize() > max ? part.getSize() : content.length, content);
        String mediaId = state.putMaterial(appId, filename, content);
        part.delete();
        String url = request.getScheme() + "://" + request.getServerName() + ":" + request.getServerPort()
                + request.getContextPath() + request.getServletPath() + PICTURES + mediaId;
        return Json.createObjectBuilder()
                .add("media_id", mediaId)
                .add("url", url)
                .build();
    }

    private void showMaterial(String mediaId, HttpServletResponse response) throws IOException {
        Optional<byte[]> bytes = state.materialBytes(mediaId);
        if (bytes.isEmpty()) {
            write(response, 404, error(ApiFailure.INVALID_MEDIA_ID, "invalid media_id hint: no such permanent image"));
            return;
        }
        byte[] b = bytes.get();
        response.setStatus(200);
        response.setContentType(MediaRules.pictureType(b));
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setContentLength(b.length);
        response.getOutputStream().write(b);
    }

    private void showQr(Map<String, String> query, HttpServletResponse response) throws IOException {
        Optional<Map<String, String>> qr = state.qr(query.get("ticket"));
        if (qr.isEmpty()) {
            write(response, 404, error(ApiFailure.INVALID_ARGS, "invalid args hint: unknown or expired ticket"));
            return;
        }
        state.countCall(qr.get().get("appid"), "/cgi-bin/showqrcode");
        response.setStatus(200);
        response.setContentType("image/svg+xml");
        response.setCharacterEncoding("UTF-8");
        response.getOutputStream()
                .write(Pictures.qr(query.get("ticket"), qr.get().get("scene")).getBytes(StandardCharsets.UTF_8));
    }

    // ---- OAuth2 (web authorization)

    private void snsToken(Map<String, String> query, HttpServletResponse response) throws IOException {
        if (!"authorization_code".equals(query.get("grant_type"))) {
            throw new ApiFailure(ApiFailure.INVALID_GRANT_TYPE, "invalid grant_type hint: authorization_code");
        }
        SandboxAccount account = account(query.get("appid"));
        state.countCall(account.appId(), "/sns/oauth2/access_token");
        if (!delayAndMaybeFail(state.config(account.appId()), response)) {
            return;
        }
        checkSecret(account, query.get("secret"));
        Map<String, String> code = state.redeemCode(account.appId(), query.get("code"));
        SandboxState.Issued token = state.issueSnsToken(account.appId(), code.get("openid"), code.get("scope"));
        JsonObjectBuilder answer = Json.createObjectBuilder()
                .add("access_token", token.value())
                .add("expires_in", token.expiresIn())
                .add("refresh_token", SandboxState.randomToken(96))
                .add("openid", code.get("openid"))
                .add("scope", code.get("scope"));
        if ("1".equals(code.get("snapshot"))) {
            answer.add("is_snapshotuser", 1);
        }
        write(response, 200, answer.build());
    }

    private void snsUserInfo(HttpServletRequest request, Map<String, String> query, HttpServletResponse response)
            throws IOException {
        String token = query.get("access_token");
        if (token == null || token.isEmpty()) {
            throw new ApiFailure(ApiFailure.ACCESS_TOKEN_MISSING, "access_token missing");
        }
        Map<String, String> record = state.snsToken(token)
                .orElseThrow(() -> new ApiFailure(
                        ApiFailure.INVALID_CREDENTIAL, ApiFailure.standardMessage(ApiFailure.INVALID_CREDENTIAL)));
        String appId = record.get("appid");
        state.countCall(appId, "/sns/userinfo");
        if (!delayAndMaybeFail(state.config(appId), response)) {
            return;
        }
        if (!record.get("openid").equals(query.get("openid"))) {
            throw new ApiFailure(ApiFailure.INVALID_OPENID, "invalid openid hint: not the token's user");
        }
        if (!"snsapi_userinfo".equals(record.get("scope"))) {
            throw new ApiFailure(ApiFailure.API_UNAUTHORIZED, "api unauthorized hint: scope snsapi_userinfo needed");
        }
        SimulatedUsers.Profile p = SimulatedUsers.profile(appId, record.get("openid"));
        write(
                response,
                200,
                Json.createObjectBuilder()
                        .add("openid", p.openId())
                        .add("nickname", p.nickname())
                        .add("sex", p.sex())
                        .add("province", p.province())
                        .add("city", p.city())
                        .add("country", p.country())
                        .add("headimgurl", baseUrl(request) + p.headImgUrl())
                        .add("privilege", Json.createArrayBuilder())
                        .build());
    }

    // ---- helpers

    private static void requireGet(String method) {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            throw new ApiFailure(43001, "require GET method");
        }
    }

    static JsonObjectBuilder ok() {
        return Json.createObjectBuilder().add("errcode", 0).add("errmsg", "ok");
    }

    static JsonObject error(int errcode, String errmsg) {
        return Json.createObjectBuilder()
                .add("errcode", errcode)
                .add("errmsg", errmsg)
                .build();
    }

    /** This server as the caller reached it, with the context path: the default callback and avatar base. */
    static String baseUrl(HttpServletRequest request) {
        return request.getScheme() + "://" + request.getServerName() + ":" + request.getServerPort()
                + request.getContextPath();
    }

    static String body(HttpServletRequest request) throws IOException {
        try (InputStream in = request.getInputStream()) {
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                throw new ApiFailure(ApiFailure.DATA_FORMAT_ERROR, "data format error hint: the body is over 1 MB");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** The query string's parameters (first value wins), read without touching the body. */
    static Map<String, String> query(String queryString) {
        Map<String, String> out = new HashMap<>();
        if (queryString == null) {
            return out;
        }
        for (String pair : queryString.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                out.putIfAbsent(name, value);
            } catch (IllegalArgumentException e) {
                throw new ApiFailure(ApiFailure.INVALID_ARGS, "invalid args hint: bad percent-encoding in the query");
            }
        }
        return out;
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static void write(HttpServletResponse response, int status, JsonObject json) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getOutputStream().write(json.toString().getBytes(StandardCharsets.UTF_8));
    }

    SandboxState state() {
        return state;
    }
}
