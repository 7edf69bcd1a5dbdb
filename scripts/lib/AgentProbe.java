import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An agent of the system test (scripts/systest agents), as the console page behaves: signs in on one
 * node, keeps the console's WebSocket to that node, takes the named subscriber when they wait, reads
 * the lines after each ring (and every 3 s, the page's catch-up) and answers every subscriber message
 * once ("re: " + its text). Runs for the given seconds or until OUTFILE.done exists, then writes what it
 * saw:
 *
 * <pre>
 *   java AgentProbe.java BASE USER PASSWORD OPENID SECONDS OUTFILE [PROXY_BASE]
 *   OUTFILE: "proxied hello|none" (with PROXY_BASE: the console's WebSocket opened through the balancer
 *            with the same session greets), "rings N", "taken ID", then one "in TEXT" per subscriber message in the order shown,
 *            one "answered TEXT" per answer and one "delivery TEXT D|P|U|F" per answer at the end
 * </pre>
 */
public class AgentProbe {

    static final Pattern LINE = Pattern.compile(
            "\\{\"id\":(\\d+),\"direction\":\"([IONE])\",\"type\":\"[a-z]+\",\"content\":\"((?:[^\"\\\\]|\\\\.)*)\"([^}]*)\\}");
    static final Pattern DELIVERY = Pattern.compile("\"delivery\":\"([PDUF])\"");

    public static void main(String[] args) throws Exception {
        String base = args[0].replaceAll("/$", "");
        String user = args[1];
        String password = args[2];
        String openid = args[3];
        long seconds = Long.parseLong(args[4]);
        Path out = Path.of(args[5]);

        CookieManager cookies = new CookieManager();
        HttpClient http = HttpClient.newBuilder()
                .cookieHandler(cookies)
                .connectTimeout(Duration.ofSeconds(3))
                .build();
        String form = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8);
        HttpResponse<String> login = http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/auth/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (login.statusCode() != 200) {
            throw new IllegalStateException("sign-in answered " + login.statusCode() + ": " + login.body());
        }
        Matcher csrfMatch = Pattern.compile("\"csrf\"\\s*:\\s*\"([^\"]+)\"").matcher(login.body());
        if (!csrfMatch.find()) {
            throw new IllegalStateException("no csrf in " + login.body());
        }
        String csrf = csrfMatch.group(1);
        String cookie = cookies.getCookieStore().getCookies().stream()
                .map(c -> c.getName() + "=" + c.getValue())
                .reduce((a, b) -> a + "; " + b)
                .orElseThrow();

        LinkedBlockingQueue<String> rings = new LinkedBlockingQueue<>();
        WebSocket socket = http.newWebSocketBuilder()
                .header("Cookie", cookie)
                .buildAsync(URI.create(base.replaceFirst("^http", "ws") + "/console/live"), new WebSocket.Listener() {
                    final StringBuilder part = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        part.append(data);
                        if (last) {
                            rings.add(part.toString());
                            part.setLength(0);
                        }
                        ws.request(1);
                        return null;
                    }
                })
                .get(5, TimeUnit.SECONDS);

        String proxied = "";
        if (args.length > 6) {
            LinkedBlockingQueue<String> greeting = new LinkedBlockingQueue<>();
            try {
                WebSocket through = http.newWebSocketBuilder()
                        .header("Cookie", cookie)
                        .buildAsync(
                                URI.create(args[6].replaceAll("/$", "").replaceFirst("^http", "ws") + "/console/live"),
                                new WebSocket.Listener() {
                                    @Override
                                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                                        greeting.add(data.toString());
                                        return null;
                                    }
                                })
                        .get(5, TimeUnit.SECONDS);
                String hello = greeting.poll(5, TimeUnit.SECONDS);
                proxied = hello != null && hello.contains("hello") ? "hello" : "none";
                through.abort();
            } catch (Exception e) {
                proxied = "none (" + e + ")";
            }
        }

        int ringCount = 0;
        Long session = null;
        long after = 0;
        List<String> in = new ArrayList<>();
        List<String> answered = new ArrayList<>();
        Map<String, String> delivery = new LinkedHashMap<>();
        int answerNo = 0;
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long lastCatchUp = 0;
        Path done = Path.of(args[5] + ".done");
        while (System.nanoTime() < end && !Files.exists(done)) {
            String ring = rings.poll(500, TimeUnit.MILLISECONDS);
            if (ring != null) {
                ringCount++;
            }
            boolean catchUp = System.nanoTime() - lastCatchUp > TimeUnit.SECONDS.toNanos(3);
            if (ring == null && !catchUp) {
                continue;
            }
            lastCatchUp = System.nanoTime();
            try {
                if (session == null) {
                    session = takeWaiting(http, base, csrf, openid);
                    if (session == null) {
                        continue;
                    }
                }
                String body = get(http, base + "/api/console/sessions/" + session + "/lines?after=" + after);
                Matcher m = LINE.matcher(body);
                while (m.find()) {
                    long id = Long.parseLong(m.group(1));
                    after = Math.max(after, id);
                    if ("I".equals(m.group(2))) {
                        String text = unescape(m.group(3));
                        in.add(text);
                        String answer = "re: " + text;
                        String json = "{\"clientId\":\"probe-" + (++answerNo) + "\",\"text\":\"" + answer + "\"}";
                        for (int attempt = 0; attempt < 5; attempt++) {
                            HttpResponse<String> r = send(http, base + "/api/console/sessions/" + session + "/answers", csrf, json);
                            if (r != null && r.statusCode() == 201) {
                                answered.add(answer);
                                break;
                            }
                            Thread.sleep(300);
                        }
                    }
                }
            } catch (IOException e) {
                // the node is busy or a request timed out: the next ring or catch-up reads again
            }
        }
        // the fate of every answer, from the database
        if (session != null) {
            for (int i = 0; i < 30; i++) {
                delivery.clear();
                Matcher m = LINE.matcher(get(http, base + "/api/console/sessions/" + session + "/lines?after=0"));
                while (m.find()) {
                    if ("O".equals(m.group(2))) {
                        Matcher d = DELIVERY.matcher(m.group(4));
                        delivery.put(unescape(m.group(3)), d.find() ? d.group(1) : "?");
                    }
                }
                if (!delivery.containsValue("P")) {
                    break;
                }
                Thread.sleep(1000);
            }
        }
        socket.abort();
        List<String> report = new ArrayList<>();
        if (!proxied.isEmpty()) {
            report.add("proxied " + proxied);
        }
        report.add("rings " + ringCount);
        report.add("taken " + session);
        in.forEach(t -> report.add("in " + t));
        answered.forEach(t -> report.add("answered " + t));
        delivery.forEach((t, d) -> report.add("delivery " + t + " " + d));
        Files.write(out, report, StandardCharsets.UTF_8);
    }

    /** Takes the subscriber's waiting session when it is in the queue; null while it is not. */
    static Long takeWaiting(HttpClient http, String base, String csrf, String openid) throws IOException, InterruptedException {
        String state = get(http, base + "/api/console/state");
        Matcher m = Pattern.compile("\\{\"id\":(\\d+),\"appid\":\"[^\"]+\",\"openid\":\"" + Pattern.quote(openid) + "\",\"state\":\"([WA])\"")
                .matcher(state);
        while (m.find()) {
            long id = Long.parseLong(m.group(1));
            if ("A".equals(m.group(2))) {
                return id; // taken before (a retried take)
            }
            HttpResponse<String> r = send(http, base + "/api/console/take", csrf, "{\"session\":" + id + "}");
            if (r != null && r.statusCode() == 200) {
                return id;
            }
        }
        return null;
    }

    static String get(HttpClient http, String url) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException(url + " answered " + r.statusCode());
        }
        return r.body();
    }

    static HttpResponse<String> send(HttpClient http, String url, String csrf, String json) throws InterruptedException {
        try {
            return http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(5))
                            .header("Content-Type", "application/json")
                            .header("X-WXP-CSRF", csrf)
                            .POST(HttpRequest.BodyPublishers.ofString(json))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        }
    }

    static String unescape(String s) {
        return s.replace("\\\"", "\"").replace("\\\\", "\\");
    }
}
