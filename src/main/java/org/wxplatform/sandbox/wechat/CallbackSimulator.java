package org.wxplatform.sandbox.wechat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.w3c.dom.Element;

/**
 * Posts callbacks to the product exactly as WeChat's servers do, and judges the answers as WeChat would.
 *
 * <p>A callback goes to {@code {base}/wx/callback/{appid}} with {@code signature}, {@code timestamp},
 * {@code nonce} and {@code openid} (the sender) in the query, plus {@code encrypt_type=aes} and
 * {@code msg_signature} in compatible and safe mode. The body ({@code Content-Type: text/xml}) is the
 * message in plain mode, the message's fields plus {@code Encrypt} in compatible mode, and only
 * {@code ToUserName} and {@code Encrypt} in safe mode.
 *
 * <p>Retries follow WeChat's rule: an attempt that gets no answer within the answer timeout (5 s, shorter
 * in tests) or cannot connect is repeated with the very same request (same timestamp, nonce, signatures
 * and body), up to three retries. Any HTTP answer ends the delivery; the product must dedupe retries
 * (SPEC §1.6).
 *
 * <p>Answers are judged as WeChat does: {@code success} or an empty body means no reply; an encrypted
 * reply must carry a valid {@code MsgSignature} over token, {@code TimeStamp}, {@code Nonce} and
 * {@code Encrypt} and decrypt for this AppId; safe mode requires an encrypted reply, plain mode a plaintext
 * one; a reply must have a {@code MsgType} and be addressed back to the sender. Anything else is reported
 * in {@link Delivery#problem()}, never thrown.
 *
 * <p>Immutable and thread-safe; one instance can deliver from many threads.
 */
public final class CallbackSimulator {

    /** How long WeChat waits for an answer before it gives up on an attempt. */
    public static final Duration WECHAT_ANSWER_TIMEOUT = Duration.ofSeconds(5);
    /** How many times WeChat repeats a callback that got no answer. */
    public static final int WECHAT_RETRIES = 3;

    private static final Pattern APP_ID = Pattern.compile("wx[0-9A-Za-z]{16}");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** How {@link #deliverRepeatedly} spaces the deliveries. */
    public enum Order {
        /** Each delivery starts after the previous one was answered. */
        SEQUENTIAL,
        /** All deliveries start together, as retries do when the first one is still being processed. */
        PARALLEL
    }

    /**
     * One signed callback, ready to post (and to post again, identically, as a retry).
     *
     * @param uri the full callback URL with its query
     * @param body the request body
     * @param openId the sender ({@code FromUserName}), or null when the message XML could not be read
     * @param originalId the account ({@code ToUserName}) the message was addressed to
     */
    public record Request(URI uri, String body, String openId, String originalId) {
        public Request {
            Objects.requireNonNull(uri, "uri");
            Objects.requireNonNull(body, "body");
            Objects.requireNonNull(originalId, "originalId");
        }
    }

    /**
     * The answer to a GET handshake.
     *
     * @param status HTTP status, 0 when no answer came
     * @param body the answer's body
     * @param echoed whether the product answered 200 with exactly the echostr (what WeChat requires)
     * @param latency time until the answer, or until giving up
     */
    public record Handshake(int status, String body, boolean echoed, Duration latency) {}

    private final String base;
    private final String endpoint;
    private final String appId;
    private final String token;
    private final String encodingAesKey;
    private final WeChatCrypto crypto;
    private final CallbackMode mode;
    private final String originalId;
    private final Duration answerTimeout;
    private final HttpClient http;
    private final CallbackMessages messages;

    /**
     * @param baseUrl where the product listens, e.g. {@code http://127.0.0.1:8080}
     * @param appId the account's AppId
     * @param token the Token typed into WeChat's console
     * @param encodingAesKey the EncodingAESKey, or null in plain mode
     * @param mode the account's message mode
     * @param originalId the account's original id ({@code gh_...}), or null for
     *     {@link CallbackMessages#originalIdFor the one derived from the AppId}
     */
    public CallbackSimulator(
            String baseUrl, String appId, String token, String encodingAesKey, CallbackMode mode, String originalId) {
        this(baseUrl, null, appId, token, encodingAesKey, mode, originalId, WECHAT_ANSWER_TIMEOUT);
    }

    private CallbackSimulator(
            String baseUrl,
            String callbackUrl,
            String appId,
            String token,
            String encodingAesKey,
            CallbackMode mode,
            String originalId,
            Duration answerTimeout) {
        this.base = baseUrl(baseUrl);
        if (appId == null || !APP_ID.matcher(appId).matches()) {
            throw new IllegalArgumentException("appid must be 'wx' followed by 16 letters or digits");
        }
        if (token == null || token.isEmpty()) {
            throw new IllegalArgumentException("token is required");
        }
        this.mode = Objects.requireNonNull(mode, "mode");
        if (mode.encrypts() && encodingAesKey == null) {
            throw new IllegalArgumentException("an EncodingAESKey is required in " + mode.wireName() + " mode");
        }
        if (answerTimeout == null || answerTimeout.isNegative() || answerTimeout.isZero()) {
            throw new IllegalArgumentException("the answer timeout must be positive");
        }
        this.appId = appId;
        this.endpoint = callbackUrl == null ? base + "/wx/callback/" + appId : callbackUrl;
        this.token = token;
        this.encodingAesKey = encodingAesKey;
        this.crypto = encodingAesKey == null ? null : new WeChatCrypto(encodingAesKey);
        this.originalId = originalId == null ? CallbackMessages.originalIdFor(appId) : originalId;
        this.messages = new CallbackMessages(this.originalId);
        this.answerTimeout = answerTimeout;
        this.http = HttpClient.newBuilder()
                // WeChat speaks HTTP/1.1; the JDK's default would offer an h2c upgrade on every request
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(answerTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** A simulator for an account as the sandbox registry holds it. */
    public static CallbackSimulator forAccount(String baseUrl, SandboxAccount account) {
        return new CallbackSimulator(
                baseUrl, account.appId(), account.token(), account.aesKey(), account.mode(), account.originalId());
    }

    /**
     * A simulator for an account that posts to the account's own callback URL (the server URL typed into
     * WeChat's console, which may carry a query of its own), or to {@code {defaultBase}/wx/callback/{appid}}
     * when the account has none.
     */
    public static CallbackSimulator forCallbackUrl(String defaultBase, SandboxAccount account) {
        String url = account.callbackUrl();
        String base = defaultBase;
        if (url != null) {
            URI uri = URI.create(url);
            base = uri.getScheme() + "://" + uri.getRawAuthority();
        }
        return new CallbackSimulator(
                base,
                url,
                account.appId(),
                account.token(),
                account.aesKey(),
                account.mode(),
                account.originalId(),
                WECHAT_ANSWER_TIMEOUT);
    }

    /** The same simulator with another answer timeout (tests shorten WeChat's 5 s). */
    public CallbackSimulator withAnswerTimeout(Duration timeout) {
        return new CallbackSimulator(base, endpoint, appId, token, encodingAesKey, mode, originalId, timeout);
    }

    /** Where callbacks are posted, without the signature query. */
    public String endpoint() {
        return endpoint;
    }

    public String appId() {
        return appId;
    }

    public CallbackMode mode() {
        return mode;
    }

    public String originalId() {
        return originalId;
    }

    public Duration answerTimeout() {
        return answerTimeout;
    }

    /** Builders of callback XML addressed to this account. */
    public CallbackMessages messages() {
        return messages;
    }

    /**
     * Signs (and in compatible/safe mode encrypts) {@code xml} with a fresh timestamp and nonce. The XML is
     * sent as given, so a test may send something malformed on purpose; its sender then goes without an
     * {@code openid} parameter.
     */
    public Request prepare(String xml) {
        Objects.requireNonNull(xml, "xml");
        String to = originalId;
        String from = null;
        try {
            Map<String, String> fields = SimXml.leaves(SimXml.parse(xml));
            to = fields.getOrDefault("ToUserName", originalId);
            from = fields.get("FromUserName");
        } catch (SimXml.MalformedXmlException e) {
            // deliberately malformed input: sent as it is, addressed to the configured account
        }
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        String nonce = Long.toString(1 + RANDOM.nextInt(Integer.MAX_VALUE - 1));
        StringBuilder query = new StringBuilder()
                .append("signature=")
                .append(WeChatCrypto.sign(token, timestamp, nonce))
                .append("&timestamp=")
                .append(timestamp)
                .append("&nonce=")
                .append(nonce);
        if (from != null) {
            query.append("&openid=").append(URLEncoder.encode(from, StandardCharsets.UTF_8));
        }
        String body = xml;
        if (mode.encrypts()) {
            String encrypt = crypto.encrypt(xml, appId);
            query.append("&encrypt_type=aes&msg_signature=")
                    .append(WeChatCrypto.sign(token, timestamp, nonce, encrypt));
            String encryptElement = SimXml.cdata("Encrypt", encrypt);
            if (mode == CallbackMode.SAFE) {
                body = "<xml>" + SimXml.cdata("ToUserName", to) + encryptElement + "</xml>";
            } else {
                int close = xml.lastIndexOf("</xml>");
                body = close < 0
                        ? xml + encryptElement
                        : xml.substring(0, close) + encryptElement + xml.substring(close);
            }
        }
        URI uri = URI.create(endpoint + (endpoint.indexOf('?') >= 0 ? "&" : "?") + query);
        return new Request(uri, body, from, to);
    }

    /** Delivers {@code xml} as WeChat does, retrying up to three times when no answer comes in time. */
    public Delivery send(String xml) {
        return send(prepare(xml));
    }

    /** Delivers a prepared request as WeChat does, retrying it unchanged when no answer comes in time. */
    public Delivery send(Request request) {
        return deliver(request, 1 + WECHAT_RETRIES);
    }

    /**
     * Delivers one signed callback {@code times} times (1 to 4, WeChat's most), each as a single attempt
     * without automatic retries: the test controls the repetition, for example parallel copies arriving
     * while the first is still being processed. Results are in the order the deliveries were started.
     */
    public List<Delivery> deliverRepeatedly(String xml, int times, Order order) {
        if (times < 1 || times > 1 + WECHAT_RETRIES) {
            throw new IllegalArgumentException("WeChat delivers a callback 1 to " + (1 + WECHAT_RETRIES) + " times");
        }
        Objects.requireNonNull(order, "order");
        Request request = prepare(xml);
        List<Delivery> out = new ArrayList<>();
        if (order == Order.SEQUENTIAL) {
            for (int i = 0; i < times; i++) {
                out.add(deliver(request, 1));
            }
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(times);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Delivery>> running = new ArrayList<>();
            for (int i = 0; i < times; i++) {
                running.add(pool.submit(() -> {
                    start.await();
                    return deliver(request, 1);
                }));
            }
            start.countDown();
            for (Future<Delivery> f : running) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while delivering", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a delivery failed unexpectedly", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** The GET WeChat makes when the operator saves the callback URL; a single attempt. */
    public Handshake handshake(String echostr) {
        Objects.requireNonNull(echostr, "echostr");
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        String nonce = Long.toString(1 + RANDOM.nextInt(Integer.MAX_VALUE - 1));
        URI uri = URI.create(endpoint + (endpoint.indexOf('?') >= 0 ? "&" : "?") + "signature="
                + WeChatCrypto.sign(token, timestamp, nonce)
                + "&echostr=" + URLEncoder.encode(echostr, StandardCharsets.UTF_8) + "&timestamp=" + timestamp
                + "&nonce=" + nonce);
        HttpRequest get = HttpRequest.newBuilder(uri)
                .timeout(answerTimeout)
                .header("User-Agent", "Mozilla/4.0")
                .GET()
                .build();
        long started = System.nanoTime();
        try {
            HttpResponse<byte[]> response = http.send(get, HttpResponse.BodyHandlers.ofByteArray());
            String body = new String(response.body(), StandardCharsets.UTF_8);
            return new Handshake(
                    response.statusCode(),
                    body,
                    response.statusCode() == 200 && body.equals(echostr),
                    Duration.ofNanos(System.nanoTime() - started));
        } catch (IOException e) {
            return new Handshake(0, "", false, Duration.ofNanos(System.nanoTime() - started));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Handshake(0, "", false, Duration.ofNanos(System.nanoTime() - started));
        }
    }

    private Delivery deliver(Request request, int maxAttempts) {
        HttpRequest post = HttpRequest.newBuilder(request.uri())
                .timeout(answerTimeout)
                .header("Content-Type", "text/xml")
                .header("User-Agent", "Mozilla/4.0")
                .POST(HttpRequest.BodyPublishers.ofString(request.body(), StandardCharsets.UTF_8))
                .build();
        List<Delivery.Attempt> log = new ArrayList<>();
        HttpResponse<byte[]> answer = null;
        for (int attempt = 0; attempt < maxAttempts && answer == null; attempt++) {
            long started = System.nanoTime();
            try {
                answer = http.send(post, HttpResponse.BodyHandlers.ofByteArray());
                log.add(new Delivery.Attempt(elapsedSince(started), answer.statusCode(), null));
            } catch (HttpTimeoutException e) {
                log.add(new Delivery.Attempt(
                        elapsedSince(started), 0, "no answer within " + answerTimeout.toMillis() + " ms"));
            } catch (IOException e) {
                log.add(new Delivery.Attempt(elapsedSince(started), 0, describe(e)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                log.add(new Delivery.Attempt(elapsedSince(started), 0, "interrupted"));
                break;
            }
        }
        if (answer == null) {
            String last = log.get(log.size() - 1).failure();
            return new Delivery(log, 0, "", null, null, "no answer after " + log.size() + " attempt(s): " + last);
        }
        String body = new String(answer.body(), StandardCharsets.UTF_8);
        return judge(log, answer.statusCode(), body, request);
    }

    /** WeChat's view of an answer (see the class comment). */
    private Delivery judge(List<Delivery.Attempt> log, int status, String body, Request request) {
        if (status != 200) {
            return new Delivery(log, status, body, null, null, "HTTP " + status + " (WeChat expects 200)");
        }
        String trimmed = body.strip();
        if (trimmed.isEmpty() || trimmed.equals("success")) {
            return new Delivery(log, status, body, null, null, null);
        }
        Element root;
        try {
            root = SimXml.parse(trimmed);
        } catch (SimXml.MalformedXmlException e) {
            return new Delivery(log, status, body, null, null, "the answer is neither 'success' nor XML");
        }
        if (!root.getTagName().equals("xml")) {
            return new Delivery(log, status, body, null, null, "the answer's root element is not <xml>");
        }
        Map<String, String> envelope = SimXml.leaves(root);
        String replyXml = trimmed;
        if (envelope.containsKey("Encrypt")) {
            if (!mode.encrypts()) {
                return new Delivery(
                        log, status, body, null, null, "an encrypted reply, but the account is in plain mode");
            }
            try {
                replyXml = crypto.decryptVerified(
                        token,
                        envelope.get("MsgSignature"),
                        envelope.get("TimeStamp"),
                        envelope.get("Nonce"),
                        envelope.get("Encrypt"),
                        appId);
                root = SimXml.parse(replyXml);
            } catch (WeChatCryptoException e) {
                return new Delivery(log, status, body, null, null, "encrypted reply refused: " + e.getMessage());
            } catch (SimXml.MalformedXmlException e) {
                return new Delivery(log, status, body, null, null, "the decrypted reply is not XML");
            }
        } else if (mode == CallbackMode.SAFE) {
            return new Delivery(
                    log, status, body, null, null, "a plaintext reply in safe mode (WeChat requires it encrypted)");
        }
        Map<String, String> view = view(root);
        String problem = null;
        if (view.getOrDefault("MsgType", "").isBlank()) {
            problem = "the reply has no MsgType";
        } else if (request.openId() != null && !request.openId().equals(view.get("ToUserName"))) {
            problem = "the reply is addressed to '" + view.get("ToUserName") + "', not to the sender '"
                    + request.openId() + "'";
        } else if (!request.originalId().equals(view.get("FromUserName"))) {
            problem = "the reply comes from '" + view.get("FromUserName") + "', not from the account '"
                    + request.originalId() + "'";
        }
        return problem == null
                ? new Delivery(log, status, body, replyXml, view, null)
                : new Delivery(log, status, body, null, null, problem);
    }

    /** The flat view of a reply described on {@link Delivery#reply()}. */
    static Map<String, String> view(Element root) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Element child : SimXml.children(root)) {
            List<Element> grandChildren = SimXml.children(child);
            if (grandChildren.isEmpty()) {
                out.putIfAbsent(child.getTagName(), child.getTextContent());
            } else if (child.getTagName().equals("Articles")) {
                out.put("Articles", Integer.toString(grandChildren.size()));
                int n = 0;
                for (Element item : grandChildren) {
                    n++;
                    for (Map.Entry<String, String> leaf : SimXml.leaves(item).entrySet()) {
                        out.put("Articles." + n + "." + leaf.getKey(), leaf.getValue());
                    }
                }
            } else {
                // Image, Voice, Video, Music, TransInfo: their fields are unique across reply types
                SimXml.leaves(child).forEach(out::putIfAbsent);
            }
        }
        return out;
    }

    private static Duration elapsedSince(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }

    private static String describe(IOException e) {
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static String baseUrl(String baseUrl) {
        if (baseUrl == null || baseUrl.isBlank()) {
            throw new IllegalArgumentException("the product's base URL is required");
        }
        String trimmed = baseUrl.strip();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        URI uri = URI.create(trimmed);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("the base URL must be http(s)://host[:port], not '" + baseUrl + "'");
        }
        return trimmed;
    }
}
