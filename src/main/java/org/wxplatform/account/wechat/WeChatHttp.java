package org.wxplatform.account.wechat;

import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.logging.Logger;
import org.wxplatform.platform.config.Settings;

/**
 * The wire to WeChat: one {@link HttpClient} with a connect and a request time limit, JSON in and out
 * (JSON-P), WeChat's errcode turned into the typed {@link WeChatApiException}s, and every call written
 * to the interface log (logger {@value #INTERFACE_LOG}: account, method, path without its query, HTTP
 * status, errcode, milliseconds). Knows nothing of tokens: callers put them in the query.
 */
public final class WeChatHttp {

    /** The logger category of the interface log (a monthly file in the server, SPEC §7.2). */
    public static final String INTERFACE_LOG = "wxp.interface";

    private static final Logger LOG = Logger.getLogger(INTERFACE_LOG);

    private final HttpClient client;
    /** WeChat's API host and its web-authorization host (a browser is sent to the latter). */
    static final String REAL_API_BASE = "https://api.weixin.qq.com";

    static final String REAL_OAUTH_BASE = "https://open.weixin.qq.com";

    private final String base;
    private final String oauthBase;
    private final Duration requestTimeout;

    public WeChatHttp(String base, Duration connectTimeout, Duration requestTimeout) {
        this(base, defaultOauthBase(base), connectTimeout, requestTimeout);
    }

    public WeChatHttp(String base, String oauthBase, Duration connectTimeout, Duration requestTimeout) {
        this.base = httpUrl(base, "WXP_WECHAT_API_BASE");
        this.oauthBase = httpUrl(oauthBase, "WXP_WECHAT_OAUTH_BASE");
        this.requestTimeout = requestTimeout;
        this.client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    private static String httpUrl(String url, String setting) {
        if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
            throw new IllegalArgumentException(setting + " must be an http(s) URL, not '" + url + "'");
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** WeChat's web-authorization host for its real API, else the API base itself (the sandbox serves both). */
    static String defaultOauthBase(String apiBase) {
        return apiBase != null && apiBase.replaceAll("/+$", "").equals(REAL_API_BASE) ? REAL_OAUTH_BASE : apiBase;
    }

    /**
     * From the settings: {@code WXP_WECHAT_API_BASE} (default: the sandbox of this node,
     * {@code http://127.0.0.1:${WXP_HTTP_PORT:-8080}/sandbox/wechat/api}), {@code WXP_WECHAT_OAUTH_BASE}
     * (default: {@value #REAL_OAUTH_BASE} with WeChat's real API, else the API base), {@code
     * WXP_WECHAT_CONNECT_TIMEOUT_MS} (3000), {@code WXP_WECHAT_TIMEOUT_MS} (10000).
     */
    public static WeChatHttp fromSettings() {
        String base = Settings.get(
                "WXP_WECHAT_API_BASE",
                "http://127.0.0.1:" + Settings.get("WXP_HTTP_PORT", "8080") + "/sandbox/wechat/api");
        return new WeChatHttp(
                base,
                Settings.get("WXP_WECHAT_OAUTH_BASE", defaultOauthBase(base)),
                Duration.ofMillis(Settings.getInt("WXP_WECHAT_CONNECT_TIMEOUT_MS", 3000)),
                Duration.ofMillis(Settings.getInt("WXP_WECHAT_TIMEOUT_MS", 10_000)));
    }

    public String base() {
        return base;
    }

    /** The absolute URL of a path with its query (for links handed to browsers). */
    public String url(String path, Map<String, String> query) {
        return base + path + query(query);
    }

    /** The absolute URL of a path on the web-authorization host (where a browser authorizes a page). */
    public String oauthUrl(String path, Map<String, String> query) {
        return oauthBase + path + query(query);
    }

    public String oauthBase() {
        return oauthBase;
    }

    public JsonObject get(String appid, String path, Map<String, String> query) throws WeChatApiException {
        return send(
                appid,
                "GET",
                path,
                HttpRequest.newBuilder(URI.create(url(path, query))).GET());
    }

    public JsonObject postJson(String appid, String path, Map<String, String> query, JsonObject body)
            throws WeChatApiException {
        return send(
                appid,
                "POST",
                path,
                HttpRequest.newBuilder(URI.create(url(path, query)))
                        .header("Content-Type", "application/json; charset=utf-8")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)));
    }

    /** A multipart/form-data POST with one file part (WeChat's media upload: field {@code media}). */
    public JsonObject postMultipart(
            String appid,
            String path,
            Map<String, String> query,
            String field,
            String filename,
            String contentType,
            byte[] content)
            throws WeChatApiException {
        String boundary = "wxp" + UUID.randomUUID().toString().replace("-", "");
        ByteArrayOutputStream body = new ByteArrayOutputStream(content.length + 512);
        String head = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"" + field + "\"; filename=\"" + filename.replace("\"", "")
                + "\"\r\n" + "Content-Type: " + contentType + "\r\n\r\n";
        body.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(
                appid,
                "POST",
                path,
                HttpRequest.newBuilder(URI.create(url(path, query)))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    private JsonObject send(String appid, String method, String path, HttpRequest.Builder request)
            throws WeChatApiException {
        long started = System.nanoTime();
        String status = "-";
        int errcode = 0;
        try {
            HttpResponse<String> response = client.send(
                    request.timeout(requestTimeout).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            status = Integer.toString(response.statusCode());
            if (response.statusCode() >= 500) {
                errcode = WeChatApiException.NO_ERRCODE;
                throw new UnreachableException(path, "HTTP " + response.statusCode(), null);
            }
            if (response.statusCode() != 200) {
                errcode = WeChatApiException.NO_ERRCODE;
                throw new WeChatApiException(path, WeChatApiException.NO_ERRCODE, "HTTP " + response.statusCode());
            }
            JsonObject json = parse(path, response.body());
            errcode = errcode(json);
            if (errcode != 0) {
                throw WeChatApiException.of(path, errcode, json.getString("errmsg", ""));
            }
            return json;
        } catch (HttpTimeoutException e) {
            status = "timeout";
            errcode = WeChatApiException.NO_ERRCODE;
            // a connect timeout never sent the request; a request timeout may have been taken
            throw new UnreachableException(
                    path, "no answer within the time limit", e, !(e instanceof HttpConnectTimeoutException));
        } catch (IOException e) {
            status = "io";
            errcode = WeChatApiException.NO_ERRCODE;
            throw new UnreachableException(path, "not reachable: " + e, e, !(e instanceof ConnectException));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = "interrupted";
            errcode = WeChatApiException.NO_ERRCODE;
            throw new UnreachableException(path, "interrupted", e, true);
        } finally {
            long ms = (System.nanoTime() - started) / 1_000_000;
            LOG.info("wechat appid=" + appid + " method=" + method + " path=" + path + " status=" + status
                    + " errcode=" + (errcode == WeChatApiException.NO_ERRCODE ? "-" : Integer.toString(errcode))
                    + " ms=" + ms);
        }
    }

    private static JsonObject parse(String path, String body) throws UnreachableException {
        try (JsonReader reader = JsonP.JSON.createReader(new StringReader(body))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new UnreachableException(path, "answer is not a JSON object", null, true);
            }
            return value.asJsonObject();
        } catch (JsonException e) {
            throw new UnreachableException(path, "answer is not JSON", e, true);
        }
    }

    private static int errcode(JsonObject json) {
        JsonValue v = json.get("errcode");
        if (v instanceof JsonNumber n) {
            return n.intValue();
        }
        return 0;
    }

    private static String query(Map<String, String> params) {
        if (params == null || params.isEmpty()) {
            return "";
        }
        StringJoiner q = new StringJoiner("&", "?", "");
        params.forEach((k, v) -> q.add(enc(k) + "=" + enc(v)));
        return q.toString();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
