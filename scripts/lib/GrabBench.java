import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The grab benchmark's client (scripts/bench grabs): N subscribers grabbing M packets over HTTP with C
 * connections, against the product's grab (Redis door, per-packet serialisation, one short transaction)
 * and then, in the same run with the same load, against its naive SELECT ... FOR UPDATE grab.
 *
 * <pre>java scripts/lib/GrabBench.java BASE_URL USERS PACKETS CONCURRENCY</pre>
 *
 * Each run: a fresh account id, 10 funded senders, M random packets of USERS/10 shares (a group of
 * USERS subscribers and a packet for a tenth of them, as in a WeChat group: most grabbers come too late),
 * every subscriber grabs every packet once, in a shuffled order. A BUSY answer (the door said "人太多了，请稍后再试") or a 503 is retried after a short pause
 * and counted; grabs/s counts answered grabs (GOT, EMPTY, EXPIRED) over the wall time of the run, p99 is
 * over every request. At the end: every packet's paid shares against its total, from the answers and
 * from the product's reconciliation; any overdraw exits 1.
 */
public final class GrabBench {

    static final Pattern FIELD = Pattern.compile("\"(\\w+)\":(\"[^\"]*\"|[-0-9]+|true|false)");

    record Result(String mode, int answered, int paid, long paidMb, int busy, int errors, double seconds,
            long p50, long p99, long overdraw) {}

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: java GrabBench.java BASE_URL USERS PACKETS CONCURRENCY");
            System.exit(2);
        }
        String base = args[0].replaceAll("/$", "");
        int users = Integer.parseInt(args[1]);
        int packets = Integer.parseInt(args[2]);
        int conc = Integer.parseInt(args[3]);
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(4))
                .build();
        // warm-up, not reported: a fresh JVM's first requests of a path include class loading and JIT
        for (String mode : new String[] {"gated", "naive"}) {
            run(http, base, mode + " (warm-up)", Math.max(10, Math.min(users, 500)), 2, conc);
        }
        List<Result> results = new ArrayList<>();
        for (String mode : new String[] {"gated", "naive"}) {
            results.add(run(http, base, mode, users, packets, conc));
        }
        Result g = results.get(0);
        Result n = results.get(1);
        System.out.printf("%nload: %d subscribers x %d packets (%d shares each), %d connections%n", users, packets,
                Math.max(1, Math.min(1000, users / 10)), conc);
        System.out.printf("%-28s %14s %14s%n", "", "door + queue", "FOR UPDATE");
        System.out.printf("%-28s %14.0f %14.0f%n", "grabs/s (answered)", g.answered / g.seconds, n.answered / n.seconds);
        System.out.printf("%-28s %14.0f %14.0f%n", "paid grabs/s", g.paid / g.seconds, n.paid / n.seconds);
        System.out.printf("%-28s %14d %14d%n", "p50 ms (per request)", g.p50, n.p50);
        System.out.printf("%-28s %14d %14d%n", "p99 ms (per request)", g.p99, n.p99);
        System.out.printf("%-28s %14d %14d%n", "answered grabs", g.answered, n.answered);
        System.out.printf("%-28s %14d %14d%n", "paid grabs", g.paid, n.paid);
        System.out.printf("%-28s %14d %14d%n", "BUSY answers (retried)", g.busy, n.busy);
        System.out.printf("%-28s %14d %14d%n", "errors (retried)", g.errors, n.errors);
        System.out.printf("%-28s %14.1f %14.1f%n", "seconds", g.seconds, n.seconds);
        System.out.printf("%-28s %14d %14d%n", "overdrawn MB", g.overdraw, n.overdraw);
        double ratio = (g.answered / g.seconds) / (n.answered / n.seconds);
        System.out.printf("ratio (grabs/s, door / FOR UPDATE): %.1fx%n", ratio);
        String rec = post(http, base + "/h5/redpacket/bench/reconcile");
        boolean clean = rec.contains("\"clean\":true");
        System.out.println("reconciliation: " + (clean ? "clean" : rec));
        if (g.overdraw != 0 || n.overdraw != 0 || !clean) {
            System.out.println("OVERDRAW OR MISMATCH");
            System.exit(1);
        }
        System.out.println("overdraw: 0");
    }

    static Result run(HttpClient http, String base, String mode, int users, int packets, int conc) throws Exception {
        String appid = "wxbg" + String.format("%014x", new Random().nextLong() & 0xFFFFFFFFFFFFFL);
        int shares = Math.max(1, Math.min(1000, users / 10));
        List<Long> ids = new ArrayList<>();
        Map<Long, Integer> totals = new ConcurrentHashMap<>();
        for (int s = 0; s < 10; s++) {
            call(http, base + "/h5/redpacket/bench/fund?appid=" + appid + "&openid=oBenchSender" + s
                    + "&mb=99999&key=fund" + s);
        }
        for (int p = 0; p < packets; p++) {
            int total = shares * 3;
            String r = call(http, base + "/h5/redpacket/bench/send?appid=" + appid + "&openid=oBenchSender" + (p % 10)
                    + "&kind=RANDOM&amount=" + total + "&count=" + shares + "&key=send" + p);
            long id = Long.parseLong(field(r, "packet"));
            ids.add(id);
            totals.put(id, Integer.parseInt(field(r, "totalMb")));
        }
        List<String[]> work = new ArrayList<>();
        for (long id : ids) {
            for (int u = 0; u < users; u++) {
                work.add(new String[] {"oBench" + u, Long.toString(id)});
            }
        }
        Collections.shuffle(work, new Random(1));
        AtomicInteger next = new AtomicInteger();
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger paid = new AtomicInteger();
        AtomicLong paidMb = new AtomicLong();
        AtomicInteger busy = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        Map<Long, AtomicLong> paidPerPacket = new ConcurrentHashMap<>();
        long[] latencies = new long[work.size() * 4];
        AtomicInteger lat = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(conc);
        long start = System.nanoTime();
        for (int t = 0; t < conc; t++) {
            pool.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < work.size()) {
                    String[] w = work.get(i);
                    String url = base + "/h5/redpacket/bench/grab?appid=" + appid + "&packet=" + w[1] + "&openid="
                            + w[0] + "&mode=" + mode.split(" ")[0];
                    for (int attempt = 0; ; attempt++) {
                        long t0 = System.nanoTime();
                        HttpResponse<String> r;
                        try {
                            r = http.send(HttpRequest.newBuilder(URI.create(url))
                                            .timeout(Duration.ofSeconds(60))
                                            .POST(HttpRequest.BodyPublishers.noBody())
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
                        } catch (Exception e) {
                            errors.incrementAndGet();
                            pause(attempt);
                            continue;
                        }
                        int k = lat.getAndIncrement();
                        if (k < latencies.length) {
                            latencies[k] = (System.nanoTime() - t0) / 1_000_000;
                        }
                        if (r.statusCode() != 200) {
                            errors.incrementAndGet();
                            pause(attempt);
                            continue;
                        }
                        String outcome = field(r.body(), "outcome");
                        if ("BUSY".equals(outcome)) {
                            busy.incrementAndGet();
                            pause(attempt);
                            continue;
                        }
                        answered.incrementAndGet();
                        if ("GOT".equals(outcome) && "false".equals(field(r.body(), "repeat"))) {
                            int mb = Integer.parseInt(field(r.body(), "amountMb"));
                            paid.incrementAndGet();
                            paidMb.addAndGet(mb);
                            paidPerPacket.computeIfAbsent(Long.parseLong(w[1]), x -> new AtomicLong()).addAndGet(mb);
                        }
                        break;
                    }
                }
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(2, java.util.concurrent.TimeUnit.HOURS);
        double seconds = (System.nanoTime() - start) / 1e9;
        int n = Math.min(lat.get(), latencies.length);
        long[] l = java.util.Arrays.copyOf(latencies, n);
        java.util.Arrays.sort(l);
        long overdraw = 0;
        for (long id : ids) {
            long got = paidPerPacket.getOrDefault(id, new AtomicLong()).get();
            overdraw += Math.max(0, got - totals.get(id));
        }
        Result res = new Result(mode, answered.get(), paid.get(), paidMb.get(), busy.get(), errors.get(), seconds,
                n == 0 ? 0 : l[n / 2], n == 0 ? 0 : l[(int) Math.ceil(n * 0.99) - 1], overdraw);
        System.out.printf("%s: %d grabs answered in %.1f s (%.0f/s), %d paid (%d MB), %d BUSY, %d errors, p99 %d ms%n",
                mode, res.answered, seconds, res.answered / seconds, res.paid, res.paidMb, res.busy, res.errors,
                res.p99);
        return res;
    }

    static void pause(int attempt) {
        try {
            Thread.sleep(Math.min(200, 5 + 5L * attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String call(HttpClient http, String url) throws Exception {
        String body = post(http, url);
        if (body.contains("\"error\"")) {
            throw new IllegalStateException(url + ": " + body);
        }
        return body;
    }

    static String post(HttpClient http, String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(300))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 404) {
            throw new IllegalStateException("bench mode is off at " + url + " (start the product with WXP_REDPACKET_BENCH=true)");
        }
        return r.body();
    }

    static String field(String json, String name) {
        Matcher m = FIELD.matcher(json);
        while (m.find()) {
            if (m.group(1).equals(name)) {
                return m.group(2).replace("\"", "");
            }
        }
        return null;
    }
}
