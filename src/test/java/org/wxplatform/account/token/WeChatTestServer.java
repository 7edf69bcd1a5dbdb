package org.wxplatform.account.token;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A WeChat API peer for tests on the JDK's HTTP server: it issues access_tokens and jsapi_tickets that
 * really expire after {@code ttlSeconds}, keeps every issued token valid until its own expiry (as WeChat
 * keeps the previous one a while), and for every call made with a token records whether that token was
 * expired or invalid at that moment. It answers the API paths the client uses with WeChat's JSON and
 * can be told to answer errcodes, be slow, or invalidate the current token early (40001).
 */
public final class WeChatTestServer implements AutoCloseable {

    private static final JsonProvider JSON = JsonProvider.provider();

    public record Issued(String value, long issuedAt, long expiresAt) {}

    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(64);
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final Map<String, Issued> tokens = new ConcurrentHashMap<>();
    private final Map<String, Boolean> invalidated = new ConcurrentHashMap<>();
    private final List<Issued> fetchLog = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger seq = new AtomicInteger();
    private volatile int ttlSeconds;
    private volatile long fetchDelayMillis;
    private volatile long apiDelayMillis;
    private volatile String latest;

    public final AtomicLong tokenFetches = new AtomicLong();
    public final AtomicLong ticketFetches = new AtomicLong();
    public final AtomicLong apiCalls = new AtomicLong();
    public final AtomicLong expiredCalls = new AtomicLong();
    public final AtomicLong invalidCalls = new AtomicLong();
    /** Request bodies (and for uploads, a summary) by path, in arrival order. */
    public final Map<String, ConcurrentLinkedQueue<String>> received = new ConcurrentHashMap<>();
    /** errcodes to answer on a path, one per call, before answering normally. */
    private final Map<String, ConcurrentLinkedQueue<Integer>> errcodes = new ConcurrentHashMap<>();

    private final Map<String, String> menus = new ConcurrentHashMap<>();

    public WeChatTestServer(int ttlSeconds) throws IOException {
        this.ttlSeconds = ttlSeconds;
        // without it every answer waits for the client's delayed ACK (Nagle), some 40 ms a request
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1000);
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
    }

    public String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public WeChatTestServer account(String appid, String secret) {
        secrets.put(appid, secret);
        return this;
    }

    public void ttlSeconds(int ttl) {
        this.ttlSeconds = ttl;
    }

    public void fetchDelay(long millis) {
        this.fetchDelayMillis = millis;
    }

    public void apiDelay(long millis) {
        this.apiDelayMillis = millis;
    }

    /** The next {@code count} calls of {@code path} answer {@code errcode}. */
    public void failNext(String path, int errcode, int count) {
        ConcurrentLinkedQueue<Integer> q = errcodes.computeIfAbsent(path, p -> new ConcurrentLinkedQueue<>());
        for (int i = 0; i < count; i++) {
            q.add(errcode);
        }
    }

    /** From now on the most recently issued token answers 40001, as WeChat's does when it is revoked. */
    public String invalidateLatest() {
        String t = latest;
        invalidated.put(t, true);
        return t;
    }

    public List<Issued> fetches() {
        synchronized (fetchLog) {
            return List.copyOf(fetchLog);
        }
    }

    public List<String> bodies(String path) {
        return List.copyOf(received.getOrDefault(path, new ConcurrentLinkedQueue<>()));
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            Map<String, String> q = query(ex.getRequestURI().getRawQuery());
            byte[] bodyBytes = ex.getRequestBody().readAllBytes();
            String body = new String(bodyBytes, StandardCharsets.UTF_8);
            if (path.equals("/cgi-bin/token")) {
                sleep(fetchDelayMillis);
                String secret = secrets.get(q.get("appid"));
                if (secret == null) {
                    answer(ex, error(40013, "invalid appid"));
                } else if (!secret.equals(q.get("secret"))) {
                    answer(ex, error(40125, "invalid appsecret"));
                } else {
                    answer(ex, issue("AT", "access_token"));
                }
                return;
            }
            if (path.equals("/sns/oauth2/access_token")) {
                record(path, q.get("code"));
                if (!"ok-code".equals(q.get("code"))) {
                    answer(ex, error(40029, "invalid code"));
                    return;
                }
                answer(
                        ex,
                        JSON.createObjectBuilder()
                                .add("access_token", "oauth-at")
                                .add("expires_in", 7200)
                                .add("refresh_token", "oauth-rt")
                                .add("openid", "oUser1")
                                .add("scope", "snsapi_userinfo")
                                .build());
                return;
            }
            if (path.equals("/sns/userinfo")) {
                answer(
                        ex,
                        JSON.createObjectBuilder()
                                .add("openid", q.get("openid"))
                                .add("nickname", "小明")
                                .add("sex", 1)
                                .add("province", "广东")
                                .add("city", "广州")
                                .add("country", "中国")
                                .add("headimgurl", "http://example.org/h.png")
                                .add("privilege", JSON.createArrayBuilder().add("chinaunicom"))
                                .build());
                return;
            }
            if (path.equals("/warm")) {
                answer(ex, error(0, "ok"));
                return;
            }
            if (path.equals("/cgi-bin/showqrcode")) {
                answer(
                        ex,
                        JSON.createObjectBuilder().add("image", q.get("ticket")).build());
                return;
            }
            // everything else needs a valid access_token
            apiCalls.incrementAndGet();
            sleep(apiDelayMillis);
            int check = check(q.get("access_token"));
            if (check != 0) {
                answer(ex, error(check, check == 42001 ? "access_token expired" : "invalid credential"));
                return;
            }
            Integer injected = next(path);
            if (injected != null) {
                if (injected == 500) {
                    ex.sendResponseHeaders(500, -1);
                } else {
                    answer(ex, error(injected, "injected"));
                }
                return;
            }
            String contentType = ex.getRequestHeaders().getFirst("Content-Type");
            switch (path) {
                case "/api/ping" -> answer(ex, error(0, "ok"));
                case "/cgi-bin/ticket/getticket" -> answer(ex, issue("TK", "ticket"));
                case "/cgi-bin/message/custom/send" -> {
                    record(path, body);
                    answer(ex, error(0, "ok"));
                }
                case "/cgi-bin/message/template/send" -> {
                    record(path, body);
                    answer(
                            ex,
                            JSON.createObjectBuilder()
                                    .add("errcode", 0)
                                    .add("errmsg", "ok")
                                    .add("msgid", 200228332L + seq.incrementAndGet())
                                    .build());
                }
                case "/cgi-bin/user/info" -> answer(
                        ex,
                        JSON.createObjectBuilder()
                                .add("subscribe", 1)
                                .add("openid", q.get("openid"))
                                .add("language", q.get("lang"))
                                .add("subscribe_time", 1_700_000_000L)
                                .add("unionid", "u-" + q.get("openid"))
                                .add("remark", "")
                                .add("subscribe_scene", "ADD_SCENE_QR_CODE")
                                .add("qr_scene", 0)
                                .add("qr_scene_str", "")
                                .build());
                case "/cgi-bin/tags/get" -> answer(
                        ex,
                        JSON.createObjectBuilder()
                                .add(
                                        "tags",
                                        JSON.createArrayBuilder()
                                                .add(JSON.createObjectBuilder()
                                                        .add("id", 2)
                                                        .add("name", "星标组")
                                                        .add("count", 0))
                                                .add(JSON.createObjectBuilder()
                                                        .add("id", 134)
                                                        .add("name", "广东")
                                                        .add("count", 5)))
                                .build());
                case "/cgi-bin/tags/getidlist" -> {
                    record(path, body);
                    String openid = JSON.createReader(new StringReader(body))
                            .readObject()
                            .getString("openid", "");
                    answer(
                            ex,
                            openid.equals("oTagged")
                                    ? JSON.createObjectBuilder()
                                            .add(
                                                    "tagid_list",
                                                    JSON.createArrayBuilder()
                                                            .add(134)
                                                            .add(2))
                                            .build()
                                    : JSON.createObjectBuilder()
                                            .add("tagid_list", JSON.createArrayBuilder())
                                            .build());
                }
                case "/cgi-bin/menu/create" -> {
                    record(path, body);
                    menus.put("menu", body);
                    answer(ex, error(0, "ok"));
                }
                case "/cgi-bin/menu/get" -> {
                    String menu = menus.get("menu");
                    if (menu == null) {
                        answer(ex, error(46003, "menu no exist"));
                    } else {
                        answer(
                                ex,
                                JSON.createObjectBuilder()
                                        .add(
                                                "menu",
                                                JSON.createReader(new StringReader(menu))
                                                        .readObject())
                                        .build());
                    }
                }
                case "/cgi-bin/menu/delete" -> {
                    menus.remove("menu");
                    answer(ex, error(0, "ok"));
                }
                case "/cgi-bin/media/upload" -> {
                    boolean multipart = contentType != null && contentType.startsWith("multipart/form-data; boundary=");
                    boolean hasPart = body.contains("Content-Disposition: form-data; name=\"media\"; filename=");
                    record(
                            path,
                            "type=" + q.get("type") + " multipart=" + multipart + " part=" + hasPart + " bytes="
                                    + bodyBytes.length);
                    if (!multipart || !hasPart) {
                        answer(ex, error(41005, "media data missing"));
                        return;
                    }
                    JsonObjectBuilder b = JSON.createObjectBuilder().add("type", q.get("type"));
                    b.add(
                            "thumb".equals(q.get("type")) ? "thumb_media_id" : "media_id",
                            "MEDIA" + seq.incrementAndGet());
                    answer(ex, b.add("created_at", 1_700_000_000L).build());
                }
                case "/cgi-bin/material/add_material" -> {
                    boolean multipart = contentType != null && contentType.startsWith("multipart/form-data; boundary=");
                    boolean hasPart = body.contains("Content-Disposition: form-data; name=\"media\"; filename=");
                    boolean png = body.contains("Content-Type: image/png");
                    record(
                            path,
                            "type=" + q.get("type") + " multipart=" + multipart + " part=" + hasPart + " png=" + png
                                    + " bytes=" + bodyBytes.length);
                    if (!multipart || !hasPart) {
                        answer(ex, error(41005, "media data missing"));
                        return;
                    }
                    String id = "PERM" + seq.incrementAndGet();
                    answer(
                            ex,
                            JSON.createObjectBuilder()
                                    .add("media_id", id)
                                    .add("url", "http://mmbiz.qpic.cn/mmbiz/" + id + "/0")
                                    .build());
                }
                case "/cgi-bin/qrcode/create" -> {
                    record(path, body);
                    JsonObject req = JSON.createReader(new StringReader(body)).readObject();
                    answer(
                            ex,
                            JSON.createObjectBuilder()
                                    .add("ticket", "gQH47joAAAAAAAAAASxod HRw==" + seq.incrementAndGet())
                                    .add("expire_seconds", req.getInt("expire_seconds", 0))
                                    .add("url", "http://weixin.qq.com/q/kZgfwMTm72WWPkovabbI")
                                    .build());
                }
                default -> answer(ex, error(40066, "invalid url"), 404);
            }
        } catch (RuntimeException e) {
            e.printStackTrace();
            throw e;
        }
    }

    private JsonObject issue(String prefix, String field) {
        long now = System.currentTimeMillis();
        String value = prefix + "-" + seq.incrementAndGet() + "-" + Long.toHexString(System.nanoTime());
        Issued issued = new Issued(value, now, now + ttlSeconds * 1000L);
        tokens.put(value, issued);
        if (prefix.equals("AT")) {
            tokenFetches.incrementAndGet();
            fetchLog.add(issued);
            latest = value;
        } else {
            ticketFetches.incrementAndGet();
        }
        JsonObjectBuilder b = JSON.createObjectBuilder();
        if (!prefix.equals("AT")) {
            b.add("errcode", 0).add("errmsg", "ok");
        }
        return b.add(field, value).add("expires_in", ttlSeconds).build();
    }

    /** 0 when the token is valid now; 40001 when never issued or invalidated; 42001 when expired. */
    private int check(String token) {
        Issued issued = token == null ? null : tokens.get(token);
        if (issued == null || invalidated.containsKey(token) || !token.startsWith("AT")) {
            invalidCalls.incrementAndGet();
            return 40001;
        }
        if (System.currentTimeMillis() >= issued.expiresAt()) {
            expiredCalls.incrementAndGet();
            return 42001;
        }
        return 0;
    }

    private Integer next(String path) {
        ConcurrentLinkedQueue<Integer> q = errcodes.get(path);
        return q == null ? null : q.poll();
    }

    private void record(String path, String body) {
        received.computeIfAbsent(path, p -> new ConcurrentLinkedQueue<>()).add(body == null ? "" : body);
    }

    private static JsonObject error(int errcode, String errmsg) {
        return JSON.createObjectBuilder()
                .add("errcode", errcode)
                .add("errmsg", errmsg)
                .build();
    }

    private static void answer(HttpExchange ex, JsonObject json) throws IOException {
        answer(ex, json, 200);
    }

    private static void answer(HttpExchange ex, JsonObject json, int status) throws IOException {
        byte[] bytes = json.toString().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw == null) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                q.put(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return q;
    }

    private static void sleep(long ms) {
        if (ms > 0) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
