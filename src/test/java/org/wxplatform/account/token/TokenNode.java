package org.wxplatform.account.token;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.wxplatform.account.wechat.WeChatFetchers;
import org.wxplatform.account.wechat.WeChatHttp;

/**
 * One node of the multi-process token test, run in its own JVM with its own Redis connections: from
 * {@code startAt} for {@code durationMs}, {@code readers} threads each read the account's access_token
 * from the central control, every few hundred milliseconds; one read in {@value #CALL_EVERY} is followed
 * by an API call with the token. Prints {@code READY} when set up, and at the end, for every token it
 * handed out, the last moment it did ({@code HANDED-OUT value epochMs}), then one {@code RESULT} line.
 *
 * <p>Arguments: apiBase redisUrl appid secret startAtEpochMs durationMs readers [apiPath]; apiPath is the
 * path and query of the API call, the token appended (default {@code /api/ping?access_token=}). A call
 * succeeds when it answers 200 without an errcode other than 0.
 */
public final class TokenNode {

    /** Held so the logger (and its level) is not collected. */
    private static final Logger QUIET = Logger.getLogger(WeChatHttp.INTERFACE_LOG);

    /** One read in this many is followed by an API call with the token (the test server's capacity). */
    static final int CALL_EVERY = 100;

    public static void main(String[] args) throws Exception {
        String base = args[0];
        System.setProperty("wxp.redis.url", args[1]);
        String appid = args[2];
        String secret = args[3];
        long startAt = Long.parseLong(args[4]);
        long durationMs = Long.parseLong(args[5]);
        int readers = Integer.parseInt(args[6]);
        String apiPath = args.length > 7 ? args[7] : "/api/ping?access_token=";
        QUIET.setLevel(Level.OFF);

        try (var pool = TestRedis.pool(readers)) {
            WeChatHttp http = new WeChatHttp(base, Duration.ofSeconds(3), Duration.ofSeconds(10));
            TokenCentral central = new TokenCentral(
                    "access_token",
                    new RedisTokenStore(pool),
                    new WeChatFetchers(http, id -> secret).accessToken(),
                    Clock.systemUTC(),
                    null,
                    TokenCentral.Options.defaults());
            HttpClient client = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(5))
                    .version(HttpClient.Version.HTTP_1_1)
                    .build();
            pool.getResource().close(); // connect before the start
            warmUp(client, base, startAt - 1_000);
            System.out.println("READY");
            System.out.flush();

            AtomicLong reads = new AtomicLong();
            AtomicLong failures = new AtomicLong();
            AtomicLong maxReadMicros = new AtomicLong();
            AtomicLong totalReadMicros = new AtomicLong();
            // the API calls of a node share 32 connections (as an application server's outbound pool
            // would); a reader waits for one after it has its token, so that wait counts against the
            // token's remaining lifetime
            Semaphore connections = new Semaphore(32);
            AtomicLong maxTokenAgeMillis = new AtomicLong();
            AtomicLong calls = new AtomicLong();
            ConcurrentHashMap<String, Long> lastHandedOut = new ConcurrentHashMap<>();
            ExecutorService threads = Executors.newFixedThreadPool(readers);
            long end = startAt + durationMs;
            for (int i = 0; i < readers; i++) {
                threads.execute(() -> {
                    sleepUntil(startAt);
                    while (System.currentTimeMillis() < end) {
                        try {
                            long t0 = System.nanoTime();
                            // a read is dated by its start: the node decides on the token inside the read,
                            // and on two cores shared by 4,000 reader threads a thread may wait a second
                            // between that decision and its next statement (maxReadMicros shows it)
                            long startedAt = System.currentTimeMillis();
                            Token token = central.current(appid);
                            long micros = (System.nanoTime() - t0) / 1000;
                            totalReadMicros.addAndGet(micros);
                            maxReadMicros.accumulateAndGet(micros, Math::max);
                            reads.incrementAndGet();
                            lastHandedOut.merge(token.value(), startedAt, Math::max);
                            if (ThreadLocalRandom.current().nextInt(CALL_EVERY) != 0) {
                                sleep(300 + ThreadLocalRandom.current().nextLong(400));
                                continue;
                            }
                            calls.incrementAndGet();
                            connections.acquire();
                            HttpResponse<String> r;
                            try {
                                maxTokenAgeMillis.accumulateAndGet((System.nanoTime() - t0) / 1_000_000, Math::max);
                                r = client.send(
                                        HttpRequest.newBuilder(URI.create(base + apiPath + token.value()))
                                                .timeout(Duration.ofSeconds(10))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString());
                            } finally {
                                connections.release();
                            }
                            boolean ok = r.statusCode() == 200
                                    && (r.body().contains("\"errcode\":0")
                                            || !r.body().contains("errcode"));
                            if (!ok) {
                                if (failures.incrementAndGet() <= 5) {
                                    System.out.println("FAILED " + token + " " + r.body());
                                }
                            }
                        } catch (Exception e) {
                            if (failures.incrementAndGet() <= 5) {
                                System.out.println("FAILED " + e);
                            }
                        }
                        sleep(300 + ThreadLocalRandom.current().nextLong(400));
                    }
                });
            }
            threads.shutdown();
            threads.awaitTermination(durationMs + 60_000, TimeUnit.MILLISECONDS);
            long n = Math.max(1, reads.get());
            lastHandedOut.forEach((value, at) -> System.out.println("HANDED-OUT " + value + " " + at));
            System.out.println("RESULT reads=" + reads.get() + " calls=" + calls.get() + " failures=" + failures.get()
                    + " fetches="
                    + central.fetchesByThisNode() + " meanReadMicros=" + totalReadMicros.get() / n
                    + " maxReadMicros=" + maxReadMicros.get() + " maxReadToCallMillis=" + maxTokenAgeMillis.get());
            System.out.flush();
        }
    }

    /** A cold JVM is slow for its first seconds: exercise the call path before the start (not counted). */
    private static void warmUp(HttpClient client, String base, long until) throws Exception {
        ExecutorService warm = Executors.newFixedThreadPool(8);
        for (int i = 0; i < 200; i++) {
            warm.execute(() -> {
                if (System.currentTimeMillis() > until) {
                    return;
                }
                try {
                    client.send(
                            HttpRequest.newBuilder(URI.create(base + "/warm")).build(),
                            HttpResponse.BodyHandlers.ofString());
                } catch (Exception ignored) {
                    // only warming up
                }
            });
        }
        warm.shutdown();
        warm.awaitTermination(Math.max(1, until - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
    }

    private static void sleepUntil(long at) {
        sleep(at - System.currentTimeMillis());
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
}
