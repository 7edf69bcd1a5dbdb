package org.wxplatform.sandbox.wechat;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code scripts/wechat-sim}: plays WeChat's servers from the command line against a running product.
 *
 * <pre>
 *   wechat-sim send --appid wx0123456789abcdef --from user1 --text 营业厅
 *   wechat-sim send --appid ... --click QUERY_BILL | --subscribe [--scene 123] | --event VIEW --key URL
 *   wechat-sim send --appid ... --location 23.1 113.2 | --image URL | --voice --recognition 话费
 *   wechat-sim send --appid ... --text hi --repeat 3 --parallel
 *   wechat-sim chat --appid ... --users 10 --text 人工     (user-1 .. user-10 at once)
 *   wechat-sim handshake --appid ...
 *   wechat-sim account --appid ...              (what the sandbox registry holds)
 *   wechat-sim register --appid ... --token T [--aes-key K] --mode safe [--name N] [--original-id gh_...]
 * </pre>
 *
 * Token, EncodingAESKey, mode and original id come from the options, or else from the sandbox account
 * registry at {@code {base}/sandbox/wechat/accounts/{appid}}, as WeChat keeps its own copy of what the
 * operator typed into its console. The base URL is {@code --base}, else {@code WXP_BASE_URL}, else
 * {@code http://127.0.0.1:8080}.
 *
 * <p>When the account's settings came from the sandbox registry, each message or event that opens WeChat's
 * customer-service window (a message, a menu tap, a follow, a scan) is also reported to the sandbox
 * ({@code POST {base}/sandbox/wechat/control/{appid}/interaction}), so that its kf message limits apply to
 * these subscribers as they do to the phone page's.
 *
 * <p>Exit status: 0 when every answer was one WeChat accepts, 1 when one was not (or the handshake
 * failed), 2 for a usage or configuration error. JDK only, so it runs from {@code target/classes}.
 */
public final class WeChatSimCli {

    static final String DEFAULT_BASE = "http://127.0.0.1:8080";

    private static final Set<String> FLAGS = Set.of(
            "--subscribe", "--unsubscribe", "--voice", "--video", "--shortvideo", "--parallel", "--verbose", "--help");
    private static final Set<String> PAIRS = Set.of("--location", "--location-event");
    private static final Set<String> QUADS = Set.of("--counts");
    private static final Set<String> VALUES = Set.of(
            "--appid",
            "--from",
            "--text",
            "--image",
            "--recognition",
            "--format",
            "--media-id",
            "--scene",
            "--ticket",
            "--scan",
            "--click",
            "--view",
            "--event",
            "--key",
            "--link",
            "--title",
            "--description",
            "--label",
            "--scale",
            "--precision",
            "--template-finish",
            "--mass-finish",
            "--msg-id",
            "--xml",
            "--base",
            "--token",
            "--aes-key",
            "--mode",
            "--original-id",
            "--name",
            "--repeat",
            "--users",
            "--prefix",
            "--timeout",
            "--echostr");
    private static final List<String> KINDS = List.of(
            "--text",
            "--image",
            "--voice",
            "--video",
            "--shortvideo",
            "--location",
            "--link",
            "--subscribe",
            "--unsubscribe",
            "--scan",
            "--click",
            "--view",
            "--event",
            "--location-event",
            "--template-finish",
            "--mass-finish",
            "--xml");

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    /** Whether the account's settings came from the sandbox registry (then the sandbox hears interactions). */
    private volatile boolean fromRegistry;

    WeChatSimCli(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        System.exit(new WeChatSimCli(out, err, System.getenv()).run(args));
    }

    /** Runs one command; returns the exit status. */
    int run(String[] args) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("help")) {
            usage(args.length == 0 ? err : out);
            return args.length == 0 ? 2 : 0;
        }
        try {
            Map<String, List<String>> options = options(args);
            if (options.containsKey("--help")) {
                usage(out);
                return 0;
            }
            return switch (args[0]) {
                case "send" -> send(options);
                case "chat" -> chat(options);
                case "handshake" -> handshake(options);
                case "account" -> account(options);
                case "register" -> register(options);
                default -> throw new UsageException("unknown command '" + args[0] + "'");
            };
        } catch (UsageException | IllegalArgumentException e) {
            err.println("wechat-sim: " + e.getMessage());
            err.println("wechat-sim --help shows the commands and options");
            return 2;
        } catch (RegistryException e) {
            err.println("wechat-sim: " + e.getMessage());
            return 2;
        }
    }

    // ---- commands

    private int send(Map<String, List<String>> o) {
        // options first, so a typing mistake is reported before the registry is asked
        String kind = kind(o);
        int repeat = integer(o, "--repeat", 1);
        if (repeat < 1 || repeat > 1 + CallbackSimulator.WECHAT_RETRIES) {
            throw new UsageException("--repeat is 1 to " + (1 + CallbackSimulator.WECHAT_RETRIES));
        }
        CallbackSimulator sim = simulator(o);
        String from = one(o, "--from", "sandbox-user");
        String xml = message(kind, o, sim.messages(), from);
        boolean verbose = o.containsKey("--verbose");
        out.println("sent      " + describe(o) + " from " + from + " to " + sim.appId() + " (" + sim.originalId() + ", "
                + sim.mode().wireName() + " mode)");
        List<Delivery> deliveries;
        if (repeat == 1) {
            CallbackSimulator.Request request = sim.prepare(xml);
            if (verbose) {
                printRequest(request);
            }
            deliveries = List.of(sim.send(request));
        } else {
            CallbackSimulator.Order order =
                    o.containsKey("--parallel") ? CallbackSimulator.Order.PARALLEL : CallbackSimulator.Order.SEQUENTIAL;
            out.println(
                    "          delivered " + repeat + " times, " + order.name().toLowerCase(Locale.ROOT));
            deliveries = sim.deliverRepeatedly(xml, repeat, order);
        }
        boolean allOk = true;
        for (int i = 0; i < deliveries.size(); i++) {
            Delivery d = deliveries.get(i);
            if (deliveries.size() > 1) {
                out.println("delivery  #" + (i + 1));
            }
            print(d, verbose);
            allOk &= d.ok();
        }
        if (deliveries.stream().anyMatch(d -> d.status() == 200)) {
            report(o, sim, from, kind, verbose);
        }
        return allOk ? 0 : 1;
    }

    /**
     * {@code chat --users N --text T}: N subscribers ({@code --prefix}, default {@code user-}, then 1..N)
     * send the text at the same time; one line per subscriber with its answer, in order.
     */
    private int chat(Map<String, List<String>> o) {
        String text = required(o, "--text");
        int users = integer(o, "--users", 1);
        if (users < 1 || users > 1000) {
            throw new UsageException("--users is 1 to 1000");
        }
        String prefix = one(o, "--prefix", "user-");
        if (!prefix.matches("[0-9A-Za-z_-]{1,40}")) {
            throw new UsageException("--prefix: 1 to 40 letters, digits, '-' or '_'");
        }
        for (String other : KINDS) {
            if (!other.equals("--text") && o.containsKey(other)) {
                throw new UsageException("chat sends --text only");
            }
        }
        CallbackSimulator sim = simulator(o);
        boolean verbose = o.containsKey("--verbose");
        out.println("chat      text \"" + text + "\" from " + prefix + "1.." + prefix + users + " to " + sim.appId()
                + " (" + sim.originalId() + ", " + sim.mode().wireName() + " mode)");
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(users, 32));
        List<Future<Delivery>> sent = new ArrayList<>();
        try {
            for (int i = 1; i <= users; i++) {
                String from = prefix + i;
                sent.add(pool.submit(() -> sim.send(sim.messages().text(from, text))));
            }
            boolean allOk = true;
            for (int i = 1; i <= users; i++) {
                Delivery d = sent.get(i - 1).get();
                String from = prefix + i;
                out.println(String.format(Locale.ROOT, "%-9s %s", from, summary(d)));
                allOk &= d.ok();
                if (d.status() == 200) {
                    report(o, sim, from, "--text", verbose);
                }
            }
            return allOk ? 0 : 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("interrupted");
        } catch (ExecutionException e) {
            throw new RegistryException("a send failed: " + e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** One line: the answer's status and latency, then the reply (its first line) or the problem. */
    static String summary(Delivery d) {
        String answer = d.status() == 0
                ? "no answer"
                : "HTTP " + d.status() + " " + d.latency().toMillis() + " ms";
        if (!d.ok()) {
            return answer + "  PROBLEM " + d.problem();
        }
        if (!d.hasReply()) {
            return answer + "  (no reply)";
        }
        Map<String, String> r = d.reply();
        String type = r.getOrDefault("MsgType", "?");
        String content = type.equals("text") ? r.getOrDefault("Content", "").replace('\n', ' ') : "";
        return answer + "  " + type + (content.isEmpty() ? "" : "  " + abbreviate(content));
    }

    /**
     * Tells the sandbox about a subscriber's message or event that opens WeChat's kf window (only when the
     * account's settings came from the sandbox registry: then there is a sandbox to tell). A sandbox that
     * does not answer changes nothing.
     */
    private void report(Map<String, List<String>> o, CallbackSimulator sim, String from, String kind, boolean verbose) {
        if (!fromRegistry) {
            return;
        }
        String msgType;
        String event = null;
        switch (kind) {
            case "--text", "--image", "--voice", "--video", "--shortvideo", "--location", "--link" -> msgType =
                    kind.substring(2);
            case "--subscribe" -> {
                msgType = "event";
                event = "subscribe";
            }
            case "--scan" -> {
                msgType = "event";
                event = "SCAN";
            }
            case "--click" -> {
                msgType = "event";
                event = "CLICK";
            }
            case "--event" -> {
                msgType = "event";
                String name = one(o, "--event", "");
                event = name.equalsIgnoreCase("subscribe") ? "subscribe" : name.toUpperCase(Locale.ROOT);
            }
            default -> {
                return;
            }
        }
        String json = "{" + jsonMember("openid", from) + "," + jsonMember("msgType", msgType) + ","
                + jsonMember("event", event) + "}";
        URI uri = URI.create(base(o) + "/sandbox/wechat/control/" + sim.appId() + "/interaction");
        try {
            HttpResponse<String> r = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build()
                    .send(
                            HttpRequest.newBuilder(uri)
                                    .timeout(Duration.ofSeconds(10))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (verbose) {
                out.println("          sandbox kf window: HTTP " + r.statusCode() + " " + abbreviate(r.body()));
            }
        } catch (IOException e) {
            if (verbose) {
                out.println("          sandbox kf window not reported: "
                        + e.getClass().getSimpleName());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private int handshake(Map<String, List<String>> o) {
        CallbackSimulator sim = simulator(o);
        String echostr =
                one(o, "--echostr", Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 62)));
        CallbackSimulator.Handshake h = sim.handshake(echostr);
        if (h.echoed()) {
            out.println(
                    "handshake " + sim.appId() + ": echoed in " + h.latency().toMillis() + " ms");
            return 0;
        }
        out.println("handshake " + sim.appId() + ": FAILED, "
                + (h.status() == 0 ? "no answer" : "HTTP " + h.status() + " body '" + abbreviate(h.body()) + "'"));
        return 1;
    }

    private int account(Map<String, List<String>> o) {
        String appId = SandboxAccount.checkAppId(required(o, "--appid"));
        String base = base(o);
        SandboxAccount a = lookup(base, appId);
        if (a == null) {
            out.println(appId + " is not in the sandbox registry at " + base);
            return 1;
        }
        out.println("appid       " + a.appId());
        out.println("name        " + a.name());
        out.println("original id " + a.originalId());
        out.println("mode        " + a.mode().wireName());
        out.println("token       " + a.token());
        out.println("aes key     " + (a.aesKey() == null ? "-" : a.aesKey()));
        return 0;
    }

    private int register(Map<String, List<String>> o) {
        String appId = SandboxAccount.checkAppId(required(o, "--appid"));
        String aesKey = one(o, "--aes-key", null);
        CallbackMode mode = o.containsKey("--mode")
                ? CallbackMode.parse(one(o, "--mode", null))
                : (aesKey == null ? CallbackMode.PLAIN : CallbackMode.SAFE);
        SandboxAccount account = new SandboxAccount(
                appId, one(o, "--name", ""), required(o, "--token"), aesKey, mode, one(o, "--original-id", null));
        String json = "{" + jsonMember("name", account.name()) + "," + jsonMember("token", account.token()) + ","
                + jsonMember("aesKey", account.aesKey()) + ","
                + jsonMember("mode", account.mode().wireName()) + ","
                + jsonMember("originalId", account.originalId()) + "}";
        String base = base(o);
        HttpResponse<String> response = registry(
                base,
                appId,
                HttpRequest.newBuilder()
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
        if (response.statusCode() != 200 && response.statusCode() != 201) {
            throw new RegistryException("the sandbox registry at " + base + " answered HTTP " + response.statusCode()
                    + ": " + abbreviate(response.body()));
        }
        out.println("registered " + account.appId() + " (" + account.mode().wireName() + " mode, "
                + account.originalId() + ") in the sandbox registry at " + base);
        return 0;
    }

    // ---- the simulator and the message

    private CallbackSimulator simulator(Map<String, List<String>> o) {
        String appId = SandboxAccount.checkAppId(required(o, "--appid"));
        String base = base(o);
        String token = one(o, "--token", null);
        String aesKey = one(o, "--aes-key", null);
        CallbackMode mode = o.containsKey("--mode") ? CallbackMode.parse(one(o, "--mode", null)) : null;
        String originalId = one(o, "--original-id", null);
        boolean complete = token != null && mode != null && (aesKey != null || !mode.encrypts()) && originalId != null;
        if (!complete) {
            SandboxAccount registered;
            try {
                registered = lookup(base, appId);
            } catch (RegistryException e) {
                if (token == null) {
                    throw e;
                }
                registered = null; // the options given are enough to go on
            }
            if (registered == null && token == null) {
                throw new RegistryException(appId + " is not in the sandbox registry at " + base
                        + "; register it (wechat-sim register --appid " + appId
                        + " --token .. --aes-key .. --mode ..) or give --token (and --aes-key, --mode)");
            }
            if (registered != null) {
                fromRegistry = true;
                token = token != null ? token : registered.token();
                aesKey = aesKey != null ? aesKey : registered.aesKey();
                mode = mode != null ? mode : registered.mode();
                originalId = originalId != null ? originalId : registered.originalId();
            }
        }
        if (mode == null) {
            mode = aesKey == null ? CallbackMode.PLAIN : CallbackMode.SAFE;
        }
        CallbackSimulator sim = new CallbackSimulator(base, appId, token, aesKey, mode, originalId);
        if (o.containsKey("--timeout")) {
            BigDecimal seconds = decimal(one(o, "--timeout", null), "--timeout");
            sim = sim.withAnswerTimeout(
                    Duration.ofMillis(seconds.movePointRight(3).longValue()));
        }
        return sim;
    }

    /** The one message option given. */
    private static String kind(Map<String, List<String>> o) {
        List<String> kinds = KINDS.stream().filter(o::containsKey).toList();
        if (kinds.size() != 1) {
            throw new UsageException(
                    kinds.isEmpty()
                            ? "say what to send: --text, --click, --subscribe, --event, --location, --image, --voice ..."
                            : "send one message at a time, not " + String.join(" and ", kinds));
        }
        return kinds.get(0);
    }

    private String message(String kind, Map<String, List<String>> o, CallbackMessages m, String from) {
        String mediaId = one(o, "--media-id", "sandbox_media_" + Long.toString(System.nanoTime(), 36));
        return switch (kind) {
            case "--text" -> m.text(from, one(o, "--text", null));
            case "--image" -> m.image(from, one(o, "--image", null), mediaId);
            case "--voice" -> m.voice(from, mediaId, one(o, "--format", "amr"), one(o, "--recognition", null));
            case "--video" -> m.video(from, mediaId, mediaId + "_thumb");
            case "--shortvideo" -> m.shortVideo(from, mediaId, mediaId + "_thumb");
            case "--location" -> m.location(
                    from,
                    decimal(o.get("--location").get(0), "latitude"),
                    decimal(o.get("--location").get(1), "longitude"),
                    integer(o, "--scale", 15),
                    one(o, "--label", ""));
            case "--link" -> m.link(
                    from, one(o, "--title", "link"), one(o, "--description", ""), one(o, "--link", null));
            case "--subscribe" -> o.containsKey("--scene")
                    ? m.subscribe(from, one(o, "--scene", null), one(o, "--ticket", null))
                    : m.subscribe(from);
            case "--unsubscribe" -> m.unsubscribe(from);
            case "--scan" -> m.scan(from, one(o, "--scan", null), one(o, "--ticket", null));
            case "--click" -> m.click(from, one(o, "--click", null));
            case "--view" -> m.view(from, one(o, "--view", null));
            case "--event" -> event(o, m, from);
            case "--location-event" -> m.locationEvent(
                    from,
                    decimal(o.get("--location-event").get(0), "latitude"),
                    decimal(o.get("--location-event").get(1), "longitude"),
                    decimal(one(o, "--precision", "30.0"), "--precision"));
            case "--template-finish" -> m.templateSendJobFinish(
                    from, one(o, "--msg-id", CallbackMessages.nextMsgId()), one(o, "--template-finish", null));
            case "--mass-finish" -> massFinish(o, m, from);
            case "--xml" -> readXml(one(o, "--xml", null));
            default -> throw new IllegalStateException("kind without a builder: " + kind);
        };
    }

    private static String event(Map<String, List<String>> o, CallbackMessages m, String from) {
        String name = one(o, "--event", null);
        String key = one(o, "--key", null);
        switch (name.toUpperCase(Locale.ROOT)) {
            case "CLICK":
                return m.click(from, requireKey(key, name));
            case "VIEW":
                return m.view(from, requireKey(key, name));
            case "SCAN":
                return m.scan(from, requireKey(key, name), one(o, "--ticket", null));
            case "SUBSCRIBE":
                String scene = o.containsKey("--scene")
                        ? one(o, "--scene", null)
                        : key != null && key.startsWith(CallbackMessages.QR_SCENE_PREFIX)
                                ? key.substring(CallbackMessages.QR_SCENE_PREFIX.length())
                                : key;
                return scene == null ? m.subscribe(from) : m.subscribe(from, scene, one(o, "--ticket", null));
            case "UNSUBSCRIBE":
                return m.unsubscribe(from);
            default:
                // an event the product may not know: it must still answer success
                return m.event(from, name, key);
        }
    }

    private static String massFinish(Map<String, List<String>> o, CallbackMessages m, String from) {
        List<String> counts = o.getOrDefault("--counts", List.of("1", "0", "1", "0"));
        return m.massSendJobFinish(
                from,
                one(o, "--msg-id", CallbackMessages.nextMsgId()),
                one(o, "--mass-finish", null),
                count(counts.get(0)),
                count(counts.get(1)),
                count(counts.get(2)),
                count(counts.get(3)));
    }

    private static String requireKey(String key, String event) {
        if (key == null) {
            throw new UsageException("--event " + event + " needs --key");
        }
        return key;
    }

    private static String readXml(String file) {
        try {
            return file.equals("-")
                    ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                    : Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageException("cannot read " + file + ": " + e.getMessage());
        }
    }

    private static String describe(Map<String, List<String>> o) {
        for (String kind : KINDS) {
            if (o.containsKey(kind)) {
                String name = kind.substring(2);
                List<String> values = o.get(kind);
                return values.isEmpty() ? name : name + " \"" + String.join(" ", values) + "\"";
            }
        }
        return "message";
    }

    // ---- output

    private void printRequest(CallbackSimulator.Request request) {
        out.println("          POST " + request.uri());
        out.println("          " + request.body());
    }

    private void print(Delivery d, boolean verbose) {
        StringBuilder attempts = new StringBuilder();
        for (int i = 0; i < d.attempts(); i++) {
            Delivery.Attempt a = d.attemptLog().get(i);
            if (!a.answered()) {
                attempts.append("\n          attempt ")
                        .append(i + 1)
                        .append(": ")
                        .append(a.failure())
                        .append(" (")
                        .append(a.latency().toMillis())
                        .append(" ms)");
            }
        }
        String answer = d.status() == 0
                ? "no answer"
                : "HTTP " + d.status() + " in " + d.latency().toMillis() + " ms";
        out.println("answer    " + answer + ", " + d.attempts() + (d.attempts() == 1 ? " attempt" : " attempts")
                + attempts);
        if (verbose && d.status() != 0) {
            out.println("          body: " + d.body());
            if (d.hasReply() && !d.replyXml().equals(d.body().strip())) {
                out.println("          decrypted: " + d.replyXml());
            }
        }
        if (!d.ok()) {
            out.println("PROBLEM   " + d.problem());
            if (!verbose && d.status() != 0 && !d.body().isEmpty()) {
                out.println("          body: " + abbreviate(d.body()));
            }
            return;
        }
        if (!d.hasReply()) {
            out.println("reply     none (" + (d.body().isBlank() ? "empty body" : "success") + ")");
            return;
        }
        Map<String, String> r = d.reply();
        String type = r.get("MsgType");
        switch (type) {
            case "text" -> {
                out.println("reply     text");
                for (String line : r.getOrDefault("Content", "").split("\n", -1)) {
                    out.println("          " + line);
                }
            }
            case "news" -> {
                int count = Integer.parseInt(r.getOrDefault("Articles", "0"));
                out.println("reply     news, " + count + (count == 1 ? " article" : " articles"));
                for (int i = 1; i <= count; i++) {
                    String prefix = "Articles." + i + ".";
                    out.println("          " + i + ". " + r.getOrDefault(prefix + "Title", "")
                            + (r.containsKey(prefix + "Url") ? "  <" + r.get(prefix + "Url") + ">" : ""));
                    if (r.containsKey(prefix + "Description")) {
                        out.println("             " + r.get(prefix + "Description"));
                    }
                }
            }
            case "transfer_customer_service" -> out.println("reply     transferred to customer service"
                    + (r.containsKey("KfAccount") ? " (agent " + r.get("KfAccount") + ")" : ""));
            default -> {
                out.println("reply     " + type);
                for (Map.Entry<String, String> field : r.entrySet()) {
                    if (!Set.of("ToUserName", "FromUserName", "CreateTime", "MsgType")
                            .contains(field.getKey())) {
                        out.println("          " + field.getKey() + ": " + field.getValue());
                    }
                }
            }
        }
    }

    private void usage(PrintStream to) {
        to.println(
                """
                usage: wechat-sim COMMAND --appid APPID [options]

                Plays WeChat's servers against the product: signs (and encrypts) callbacks, posts them to
                {base}/wx/callback/{appid}, retries like WeChat, checks and decrypts the reply.

                commands
                  send        post one message or event (options below); exit 1 if WeChat would refuse the answer
                  chat        --users N --text TEXT [--prefix user-]: N subscribers (user-1 .. user-N) send
                              the text at the same time; one line per subscriber with its answer
                  handshake   the GET WeChat makes when the callback URL is saved
                  account     show what the sandbox registry holds for the appid
                  register    store --token, --aes-key, --mode, --name, --original-id in the sandbox registry

                what to send (one)
                  --text TEXT                 --image URL               --voice [--recognition TEXT]
                  --video                     --shortvideo              --location LAT LON [--scale N] [--label L]
                  --link URL [--title T] [--description D]
                  --subscribe [--scene ID] [--ticket T]                 --unsubscribe
                  --scan SCENE [--ticket T]   --click KEY               --view URL
                  --event NAME [--key KEY]    (CLICK, VIEW, SCAN, subscribe, unsubscribe, or any other name)
                  --location-event LAT LON [--precision P]
                  --template-finish STATUS [--msg-id ID]
                  --mass-finish STATUS [--counts TOTAL FILTER SENT ERROR] [--msg-id ID]
                  --xml FILE                  (the XML as it is; - reads standard input)

                options
                  --from OPENID               the subscriber (default sandbox-user)
                  --base URL                  the product (default $WXP_BASE_URL or http://127.0.0.1:8080)
                  --token T --aes-key K --mode plain|compat|safe --original-id gh_...
                                              default: the sandbox registry's copy for the appid
                  --repeat N [--parallel]     deliver the same signed callback N times (1-4), without retries
                  --timeout SECONDS           how long to wait for each answer (WeChat: 5)
                  --users N, --prefix P       chat: how many subscribers (1-1000), their openids' prefix
                  --verbose                   print the request and the raw answer

                With the registry's settings, each message, menu tap, follow or scan is also reported to
                the sandbox, whose kf message API then keeps WeChat's limits for that subscriber.
                """);
    }

    // ---- the registry

    private SandboxAccount lookup(String base, String appId) {
        HttpResponse<String> response =
                registry(base, appId, HttpRequest.newBuilder().GET());
        if (response.statusCode() == 404) {
            return null;
        }
        if (response.statusCode() != 200) {
            throw new RegistryException("the sandbox registry at " + base + " answered HTTP " + response.statusCode());
        }
        try {
            return SandboxAccount.fromJson(response.body());
        } catch (IllegalArgumentException e) {
            throw new RegistryException(
                    "the sandbox registry's answer for " + appId + " is unusable: " + e.getMessage());
        }
    }

    private static HttpResponse<String> registry(String base, String appId, HttpRequest.Builder request) {
        URI uri = URI.create(base + "/sandbox/wechat/accounts/" + appId);
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        try {
            return http.send(
                    request.uri(uri)
                            .timeout(Duration.ofSeconds(10))
                            .header("Accept", "application/json")
                            .build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new RegistryException("cannot reach the sandbox registry at " + uri + " (is the product running with "
                    + "WXP_SANDBOX=true?): " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("interrupted");
        }
    }

    // ---- options

    /** Reads {@code --name value...} options after the command, each with its fixed number of values. */
    static Map<String, List<String>> options(String[] args) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            String name = args[i];
            int arity;
            if (FLAGS.contains(name)) {
                arity = 0;
            } else if (VALUES.contains(name)) {
                arity = 1;
            } else if (PAIRS.contains(name)) {
                arity = 2;
            } else if (QUADS.contains(name)) {
                arity = 4;
            } else {
                throw new UsageException("unknown option '" + name + "'");
            }
            if (out.containsKey(name)) {
                throw new UsageException(name + " is given twice");
            }
            if (arity > 0 && i + arity >= args.length) {
                throw new UsageException(name + " needs " + arity + (arity == 1 ? " value" : " values"));
            }
            List<String> values = new ArrayList<>();
            for (int k = 0; k < arity; k++) {
                values.add(args[++i]);
            }
            out.put(name, values);
        }
        return out;
    }

    private String base(Map<String, List<String>> o) {
        String fromEnv = env.get("WXP_BASE_URL");
        return one(o, "--base", fromEnv == null || fromEnv.isBlank() ? DEFAULT_BASE : fromEnv.strip());
    }

    private static String one(Map<String, List<String>> o, String name, String fallback) {
        List<String> values = o.get(name);
        return values == null || values.isEmpty() ? fallback : values.get(0);
    }

    private static String required(Map<String, List<String>> o, String name) {
        String value = one(o, name, null);
        if (value == null) {
            throw new UsageException(name + " is required");
        }
        return value;
    }

    private static int integer(Map<String, List<String>> o, String name, int fallback) {
        String value = one(o, name, null);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new UsageException(name + " must be a whole number");
        }
    }

    private static int count(String value) {
        try {
            int n = Integer.parseInt(value);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException("--counts are whole numbers >= 0");
        }
    }

    private static BigDecimal decimal(String value, String name) {
        try {
            return new BigDecimal(value);
        } catch (NumberFormatException e) {
            throw new UsageException(name + " must be a number, not '" + value + "'");
        }
    }

    private static String jsonMember(String name, String value) {
        if (value == null) {
            return "\"" + name + "\":null";
        }
        StringBuilder s = new StringBuilder("\"").append(name).append("\":\"");
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                s.append('\\').append(c);
            } else if (c < 0x20) {
                s.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                s.append(c);
            }
        }
        return s.append('"').toString();
    }

    private static String abbreviate(String s) {
        String oneLine = s.replace('\n', ' ').strip();
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "..." : oneLine;
    }

    /** Wrong or missing options. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** The account settings could not be had from the registry. */
    static final class RegistryException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RegistryException(String message) {
            super(message);
        }
    }
}
