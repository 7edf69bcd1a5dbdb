package org.wxplatform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.CookieManager;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Red packets over HTTP against the product (SPEC §5.2-5.3): 10,000 concurrent grabs of 100 packets with
 * a client-side log of every answer compared with the ledger, forced expiry and refunds of what is left,
 * a refund racing the last grab, the reconciliation finding a corrupted balance, the H5 API behind web
 * authorization (snapshot visitors and missing CSRF refused), and exchange into the bound phone's data
 * ordered once at the carrier.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class RedPacketIT {

    static final int PACKETS = 100;
    static final int SHARES = 100;
    static final int USERS = 1000;
    static final int GRABS_PER_USER = 12;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.product();
    }

    @ArquillianResource
    URL base;

    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One answer the client got: who, which packet, the outcome, the amount, and whether it was a repeat. */
    record Answer(String openid, long packet, String outcome, int amount, boolean repeat) {}

    @Test
    void tenThousandConcurrentGrabsNeverOverdrawAndEveryRefundIsTheRemainder() throws Exception {
        String appid = account();
        // ten senders, funded by grants, send ten random packets of 100 shares each
        List<Long> packets = new ArrayList<>();
        Map<Long, Integer> totals = new HashMap<>();
        long sent = 0;
        for (int s = 0; s < 10; s++) {
            String sender = "oSender" + s;
            JsonObject f = bench("fund", "appid=" + appid + "&openid=" + sender + "&mb=5000&key=fund" + s);
            assertEquals("GOT", f.getString("outcome"), f.toString());
            for (int p = 0; p < PACKETS / 10; p++) {
                int total = 150 + 10 * p;
                JsonObject r = bench(
                        "send",
                        "appid=" + appid + "&openid=" + sender + "&kind=RANDOM&amount=" + total + "&count=" + SHARES
                                + "&key=send" + s + "x" + p);
                packets.add(r.getJsonNumber("packet").longValue());
                totals.put(r.getJsonNumber("packet").longValue(), r.getInt("totalMb"));
                sent += total;
            }
        }
        // 1000 subscribers, each grabbing 12 different packets: 12,000 grabs for 10,000 shares, uneven on
        // purpose, so some packets run out and others keep a remainder
        Random random = new Random(13);
        List<String[]> work = new ArrayList<>();
        for (int u = 0; u < USERS; u++) {
            List<Long> mine = new ArrayList<>(packets);
            Collections.shuffle(mine, random);
            for (int i = 0; i < GRABS_PER_USER; i++) {
                work.add(new String[] {"oGrab" + u, Long.toString(mine.get(i))});
            }
        }
        Collections.shuffle(work, random);
        List<Answer> log = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger busy = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(64);
        List<Future<?>> done = new ArrayList<>();
        for (String[] w : work) {
            done.add(pool.submit(() -> {
                for (int attempt = 0; attempt < 400; attempt++) {
                    JsonObject a = grab(appid, w[0], Long.parseLong(w[1]));
                    Answer ans = new Answer(
                            w[0],
                            Long.parseLong(w[1]),
                            a.getString("outcome"),
                            a.getInt("amountMb"),
                            a.getBoolean("repeat"));
                    log.add(ans);
                    if (!"BUSY".equals(ans.outcome())) {
                        return null;
                    }
                    busy.incrementAndGet();
                    Thread.sleep(20 + attempt);
                }
                throw new AssertionError("still busy after 400 tries: " + w[0] + " " + w[1]);
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();

        // the client's view: final answers per (subscriber, packet), and no answer paid twice or refused-and-paid
        Map<String, Answer> finals = new HashMap<>();
        int gotAnswers = 0;
        for (Answer a : log) {
            if ("GOT".equals(a.outcome())) {
                assertFalse(a.repeat(), "a first grab answered as a repeat: an earlier answer paid " + a);
                gotAnswers++;
            }
            if (!"BUSY".equals(a.outcome())) {
                assertTrue(finals.put(a.openid() + "/" + a.packet(), a) == null, "two final answers: " + a);
            }
        }
        assertEquals(work.size(), finals.size());

        // force the expiry of every packet, refund, and compare with the books
        for (long p : packets) {
            bench("expire", "appid=" + appid + "&packet=" + p);
        }
        bench("refund", "");
        try (Connection c = db()) {
            Map<String, Integer> paid = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT openid, packet_id, amount_mb FROM rp_grab WHERE appid = ? AND openid LIKE 'oGrab%'")) {
                ps.setString(1, appid);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        paid.put(rs.getString(1) + "/" + rs.getLong(2), rs.getInt(3));
                    }
                }
            }
            int grabbedRows = 0;
            for (var e : finals.entrySet()) {
                Integer p = paid.get(e.getKey());
                if ("GOT".equals(e.getValue().outcome())) {
                    assertEquals(e.getValue().amount(), p, "paid what the answer said: " + e.getKey());
                    grabbedRows++;
                } else {
                    assertEquals(null, p, "refused (" + e.getValue().outcome() + ") and paid: " + e.getKey());
                }
            }
            assertEquals(gotAnswers, grabbedRows);
            assertEquals(grabbedRows, paid.size(), "every grab the ledger paid was answered GOT");

            long grabbedMb = 0;
            long refundedMb = 0;
            try (PreparedStatement ps = c.prepareStatement("SELECT id, total_mb, taken_mb, refunded_mb, state,"
                    + " taken_count FROM rp_packet WHERE appid = ? AND kind = 'RANDOM'")) {
                ps.setString(1, appid);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long id = rs.getLong(1);
                        long total = rs.getLong(2);
                        long taken = rs.getLong(3);
                        long refunded = rs.getLong(4);
                        assertEquals((long) totals.get(id), total);
                        assertTrue(taken <= total, "packet " + id + " paid " + taken + " of " + total);
                        long fromGrabs = paid.entrySet().stream()
                                .filter(e -> e.getKey().endsWith("/" + id))
                                .mapToLong(Map.Entry::getValue)
                                .sum();
                        assertEquals(fromGrabs, taken, "packet " + id + ": grabs answered GOT sum to its taken");
                        String state = rs.getString(5);
                        if (rs.getInt(6) == SHARES) {
                            assertEquals("E", state, "packet " + id);
                            assertEquals(0, refunded);
                        } else {
                            assertEquals("R", state, "packet " + id);
                            assertEquals(total - taken, refunded, "packet " + id + ": the refund is the remainder");
                        }
                        grabbedMb += taken;
                        refundedMb += refunded;
                    }
                }
            }
            assertEquals(sent, grabbedMb + refundedMb, "everything sent was grabbed or refunded");
            // the ledger: the grabbers' legs are what they were paid, the senders' refund legs what was refunded
            assertEquals(
                    grabbedMb,
                    sum(
                            c,
                            "SELECT SUM(amount_mb) FROM rp_ledger WHERE appid = ? AND holder = 'U'"
                                    + " AND kind = 'GRAB' AND openid LIKE 'oGrab%'",
                            appid));
            assertEquals(
                    refundedMb,
                    sum(
                            c,
                            "SELECT SUM(amount_mb) FROM rp_ledger WHERE appid = ? AND holder = 'U'"
                                    + " AND kind = 'REFUND'",
                            appid));
            assertEquals(
                    -sent,
                    sum(
                            c,
                            "SELECT SUM(amount_mb) FROM rp_ledger WHERE appid = ? AND holder = 'U'"
                                    + " AND kind = 'SEND'",
                            appid));
            assertEquals(
                    0,
                    sum(c, "SELECT SUM(amount_mb) FROM rp_ledger WHERE appid = ? AND holder = 'P'", appid),
                    "every escrow is empty once every packet is resolved");
            assertEquals(
                    grabbedMb,
                    sum(
                            c,
                            "SELECT SUM(balance_mb) FROM rp_account WHERE appid = ?" + " AND openid LIKE 'oGrab%'",
                            appid),
                    "the grabbers' balances");
            assertEquals(
                    10 * 5000 - sent + refundedMb,
                    sum(
                            c,
                            "SELECT SUM(balance_mb) FROM rp_account WHERE appid = ?" + " AND openid LIKE 'oSender%'",
                            appid),
                    "the senders' balances");
        }
        JsonObject rec = bench("reconcile", "");
        assertTrue(rec.getBoolean("clean"), rec.toString());
        System.out.println("RED-PACKETS " + work.size() + " grabs (" + log.size() + " requests, " + busy.get()
                + " answered BUSY and retried) of " + PACKETS + " packets: " + gotAnswers + " paid, "
                + sent + " MB sent = grabbed + refunded");
    }

    @Test
    void aRefundRacingTheLastGrabPaysOnce() throws Exception {
        String appid = account();
        bench("fund", "appid=" + appid + "&openid=oRacer&mb=2000&key=race");
        List<Long> packets = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            packets.add(bench("send", "appid=" + appid + "&openid=oRacer&kind=NORMAL&amount=10&count=1&key=race" + i)
                    .getJsonNumber("packet")
                    .longValue());
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<?>> done = new ArrayList<>();
        Map<Long, String> answers = new ConcurrentHashMap<>();
        for (long p : packets) {
            done.add(pool.submit(() -> {
                for (int i = 0; i < 200; i++) {
                    String o = grab(appid, "oLast" + p, p).getString("outcome");
                    if (!"BUSY".equals(o)) {
                        answers.put(p, o);
                        return null;
                    }
                    Thread.sleep(10);
                }
                return null;
            }));
            done.add(pool.submit(() -> {
                bench("expire", "appid=" + appid + "&packet=" + p);
                bench("refund", "");
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        bench("refund", "");
        int grabbed = 0;
        try (Connection c = db()) {
            for (long p : packets) {
                long toGrabber = sum(
                        c,
                        "SELECT SUM(amount_mb) FROM rp_ledger WHERE holder = 'U' AND kind = 'GRAB'"
                                + " AND packet_id = " + p + " AND appid = ?",
                        appid);
                long toSender = sum(
                        c,
                        "SELECT SUM(amount_mb) FROM rp_ledger WHERE holder = 'U' AND kind = 'REFUND'"
                                + " AND packet_id = " + p + " AND appid = ?",
                        appid);
                assertEquals(
                        10,
                        toGrabber + toSender,
                        "packet " + p + " paid once: grab " + toGrabber + ", refund " + toSender);
                assertEquals("GOT".equals(answers.get(p)) ? 10 : 0, toGrabber, "packet " + p + ": " + answers.get(p));
                grabbed += toGrabber > 0 ? 1 : 0;
            }
        }
        System.out.println("RED-PACKETS race: " + grabbed + " of 60 packets went to the grab, the rest to the refund");
    }

    @Test
    void theReconciliationAlertsOnACorruptedBalance() throws Exception {
        String appid = account();
        bench("fund", "appid=" + appid + "&openid=oCorrupt&mb=100&key=corrupt");
        try (Connection c = db()) {
            exec(c, "UPDATE rp_account SET balance_mb = balance_mb + 7 WHERE appid = ? AND openid = 'oCorrupt'", appid);
            try {
                JsonObject r = bench("reconcile", "");
                assertFalse(r.getBoolean("clean"));
                String mismatch = "account " + appid + "/oCorrupt: balance 107 MB, ledger 100 MB";
                assertTrue(
                        r.getJsonArray("mismatches").getValuesAs(jakarta.json.JsonString.class).stream()
                                .anyMatch(s -> s.getString().equals(mismatch)),
                        r.toString());
                assertEquals(
                        1,
                        sum(c, "SELECT COUNT(*) FROM alert WHERE kind = 'redpacket-mismatch' AND detail = ?", mismatch),
                        "one alert raised");
            } finally {
                exec(
                        c,
                        "UPDATE rp_account SET balance_mb = balance_mb - 7 WHERE appid = ? AND openid = 'oCorrupt'",
                        appid);
            }
            // and a packet whose grab row was altered
            long p = bench("send", "appid=" + appid + "&openid=oCorrupt&kind=NORMAL&amount=5&count=2&key=corrupt2")
                    .getJsonNumber("packet")
                    .longValue();
            assertEquals("GOT", grab(appid, "oVictim", p).getString("outcome"));
            exec(c, "UPDATE rp_grab SET amount_mb = amount_mb + 1 WHERE packet_id = " + p + " AND appid = ?", appid);
            try {
                JsonObject r = bench("reconcile", "");
                assertTrue(r.getJsonArray("mismatches").toString().contains("packet " + p + " (O)"), r.toString());
            } finally {
                exec(
                        c,
                        "UPDATE rp_grab SET amount_mb = amount_mb - 1 WHERE packet_id = " + p + " AND appid = ?",
                        appid);
            }
        }
        JsonObject clean = bench("reconcile", "");
        assertTrue(clean.getBoolean("clean"), clean.toString());
    }

    @Test
    void thePageGrabsOnceBehindWebAuthorizationAndRefusesSnapshotVisitorsAndMissingCsrf() throws Exception {
        String appid = account();
        bench("fund", "appid=" + appid + "&openid=oPageSender&mb=100&key=page");
        long p = bench("send", "appid=" + appid + "&openid=oPageSender&kind=NORMAL&amount=10&count=3&key=page1")
                .getJsonNumber("packet")
                .longValue();

        Browser friend = new Browser(appid, "oFriend" + System.nanoTime() % 100000, false, "&packet=" + p);
        JsonObject me = friend.get("me", "");
        assertEquals(0, me.getInt("balance"));
        String csrf = me.getString("csrf");
        assertEquals(403, friend.post("grab", "{\"packet\":" + p + "}", null).statusCode(), "no CSRF token");
        HttpResponse<String> first = friend.post("grab", "{\"packet\":" + p + "}", csrf);
        assertEquals(200, first.statusCode(), first.body());
        JsonObject got = json(first.body());
        assertEquals("GOT", got.getString("outcome"));
        JsonObject again =
                json(friend.post("grab", "{\"packet\":" + p + "}", csrf).body());
        assertEquals("GOT", again.getString("outcome"));
        assertTrue(again.getBoolean("repeat"));
        assertEquals(got.getInt("amountMb"), again.getInt("amountMb"), "the same answer when asked again");
        JsonObject view = friend.get("packet", "&packet=" + p);
        assertEquals(1, view.getJsonArray("grabs").size());
        assertEquals(got.getInt("amountMb"), view.getInt("gotMb"));
        assertEquals(got.getInt("amountMb"), friend.get("me", "").getInt("balance"));
        assertEquals(400, friend.post("grab", "{\"packet\":\"x\"}", csrf).statusCode());
        assertEquals(
                402,
                friend.post("send", "{\"kind\":\"NORMAL\",\"amount\":500,\"count\":1,\"key\":\"abcdefgh12\"}", csrf)
                        .statusCode(),
                "more than the balance");

        Browser snapshot = new Browser(appid, "oSnap" + System.nanoTime() % 100000, true, "&packet=" + p);
        JsonObject sme = snapshot.get("me", "");
        assertTrue(sme.getBoolean("snapshot"));
        HttpResponse<String> refused = snapshot.post("grab", "{\"packet\":" + p + "}", sme.getString("csrf"));
        assertEquals(403, refused.statusCode(), refused.body());
        assertEquals(
                403,
                snapshot.post("exchange", "{\"amount\":100,\"key\":\"abcdefgh12\"}", sme.getString("csrf"))
                        .statusCode());
        assertEquals(
                1, friend.get("packet", "&packet=" + p).getJsonArray("grabs").size(), "the snapshot took nothing");

        // asking a friend: the asker makes a link, the friend pays once
        Browser asker = new Browser(appid, "oAsker" + System.nanoTime() % 100000, false, "");
        String askerCsrf = asker.get("me", "").getString("csrf");
        JsonObject ask = json(
                asker.post("ask", "{\"amount\":2,\"note\":\"不够用了\"}", askerCsrf).body());
        long askId = ask.getJsonNumber("ask").longValue();
        assertEquals(
                400, asker.post("pay", "{\"ask\":" + askId + "}", askerCsrf).statusCode(), "not oneself");
        HttpResponse<String> paid = friend.post("pay", "{\"ask\":" + askId + "}", csrf);
        assertEquals(200, paid.statusCode(), paid.body());
        assertEquals(409, friend.post("pay", "{\"ask\":" + askId + "}", csrf).statusCode(), "paid once");
        assertEquals(2, asker.get("me", "").getInt("balance"));
        assertEquals(got.getInt("amountMb") - 2, friend.get("me", "").getInt("balance"));

        // the daily system packet: once a day
        JsonObject sys = json(asker.post("system", "{}", askerCsrf).body());
        assertEquals("GOT", sys.getString("outcome"));
        JsonObject sys2 = json(asker.post("system", "{}", askerCsrf).body());
        assertTrue(sys2.getBoolean("repeat"));
        assertEquals(sys.getInt("amountMb"), sys2.getInt("amountMb"));
        assertEquals(2 + sys.getInt("amountMb"), asker.get("me", "").getInt("balance"));
    }

    @Test
    void anExchangeOrdersTheBoundPhoneOnceAndIsRefusedWhenUnbound() throws Exception {
        BusinessSupport biz = new BusinessSupport(base);
        String appid = biz.appid;
        String user = BusinessSupport.openid("oSwap");
        String phone = BusinessSupport.phone();
        bench("fund", "appid=" + appid + "&openid=" + user + "&mb=700&key=swap");
        Browser b = new Browser(appid, user, false, "");
        String csrf = b.get("me", "").getString("csrf");
        HttpResponse<String> unbound = b.post("exchange", "{\"amount\":100,\"key\":\"swapkey001\"}", csrf);
        assertEquals(409, unbound.statusCode(), unbound.body());
        assertEquals(700, b.get("me", "").getInt("balance"), "nothing taken");

        biz.bind(user, phone);
        assertEquals(
                400,
                b.post("exchange", "{\"amount\":99,\"key\":\"swapkey002\"}", csrf)
                        .statusCode());
        HttpResponse<String> one = b.post("exchange", "{\"amount\":500,\"key\":\"swapkey003\"}", csrf);
        assertEquals(200, one.statusCode(), one.body());
        HttpResponse<String> twice = b.post("exchange", "{\"amount\":500,\"key\":\"swapkey003\"}", csrf);
        assertEquals(200, twice.statusCode(), twice.body());
        assertEquals(json(one.body()).getInt("exchange"), json(twice.body()).getInt("exchange"));
        assertEquals(200, b.get("me", "").getInt("balance"), "debited once");
        assertEquals(
                402,
                b.post("exchange", "{\"amount\":500,\"key\":\"swapkey004\"}", csrf)
                        .statusCode());

        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        int orders = 0;
        while (System.nanoTime() < deadline) {
            orders = carrierOrders(biz, phone);
            if (orders >= 1) {
                break;
            }
            Thread.sleep(300);
        }
        Thread.sleep(2000);
        assertEquals(1, carrierOrders(biz, phone), "the carrier executed one order for " + phone);
    }

    @Test
    void inAPhoneSizedChromiumASubscriberOpensAPacketSeesWhoGotWhatAndSharesOne() throws Exception {
        String appid = account();
        bench("fund", "appid=" + appid + "&openid=oShowSender&mb=500&key=show");
        long p = bench("send", "appid=" + appid + "&openid=oShowSender&kind=RANDOM&amount=88&count=8&key=show1")
                .getJsonNumber("packet")
                .longValue();
        for (int i = 0; i < 3; i++) {
            assertEquals("GOT", grab(appid, "oShowFriend" + i, p).getString("outcome"));
        }
        try (Chromium browser = Chromium.start("RedPacketIT", 390, 844)) {
            var driver = browser.driver;
            var wait = browser.waiting(Duration.ofSeconds(20));
            driver.get(url("/h5/redpacket?appid=" + appid + "&packet=" + p).toString());
            // the sandbox's authorization page: the person picks who they are
            String authorize = driver.getCurrentUrl();
            assertTrue(authorize.contains("/connect/oauth2/authorize"), authorize);
            driver.get(authorize.replace("#wechat_redirect", "") + "&openid=oShowMe" + System.nanoTime() % 100000);
            wait.until(d -> d.getCurrentUrl().contains("/h5/redpacket?appid=" + appid + "&packet=" + p));
            wait.until(org.openqa.selenium.support.ui.ExpectedConditions.visibilityOfElementLocated(
                    org.openqa.selenium.By.id("grab")));
            assertEquals(
                    3,
                    driver.findElements(org.openqa.selenium.By.cssSelector("#grabs .weui-cell"))
                            .size());
            driver.findElement(org.openqa.selenium.By.id("grab")).click();
            wait.until(org.openqa.selenium.support.ui.ExpectedConditions.textMatches(
                    org.openqa.selenium.By.id("pkResult"), java.util.regex.Pattern.compile("\\d+ MB")));
            wait.until(d -> d.findElements(org.openqa.selenium.By.cssSelector("#grabs .weui-cell"))
                            .size()
                    == 4);
            String mine =
                    driver.findElement(org.openqa.selenium.By.id("pkResult")).getText();
            assertTrue(driver.findElement(org.openqa.selenium.By.id("grabs"))
                    .getText()
                    .contains("（我）"));
            wait.until(org.openqa.selenium.support.ui.ExpectedConditions.textToBe(
                    org.openqa.selenium.By.id("balance"), mine.replace(" MB", "")));
            browser.screenshot("redpacket-open");
            // the share config: the server signed the page's address with the sandbox's jsapi_ticket
            var body = driver.findElement(org.openqa.selenium.By.tagName("body"));
            wait.until(org.openqa.selenium.support.ui.ExpectedConditions.attributeToBeNotEmpty(body, "data-wx-config"));
            JsonObject cfg = ActivitiesIT.json(body.getAttribute("data-wx-config"));
            assertEquals(appid, cfg.getString("appId"));
            assertTrue(cfg.getString("url").endsWith("/h5/redpacket?appid=" + appid + "&packet=" + p), cfg.toString());
            assertTrue(
                    ActivitiesIT.check(new Http(base), appid, cfg, cfg.getString("url")),
                    "the sandbox accepts the red-packet page's JS-SDK signature: " + cfg);

            // send one on: a packet of 1 MB, and the link to share (the JS-SDK share config reads it)
            driver.findElement(org.openqa.selenium.By.id("amount")).sendKeys("1");
            driver.findElement(org.openqa.selenium.By.id("count")).sendKeys("1");
            driver.findElement(org.openqa.selenium.By.id("greeting")).sendKeys("分你一点流量");
            driver.findElement(org.openqa.selenium.By.id("send")).click();
            wait.until(org.openqa.selenium.support.ui.ExpectedConditions.textToBePresentInElementLocated(
                    org.openqa.selenium.By.id("shareBox"), "&packet="));
            Object share = driver.executeScript("return window.wxpShare && window.wxpShare.link");
            assertTrue(
                    String.valueOf(share).contains("/h5/redpacket?appid=" + appid + "&packet="), String.valueOf(share));
            browser.screenshot("redpacket-share");
        }
    }

    private int carrierOrders(BusinessSupport biz, String phone) throws Exception {
        JsonObject o = json(biz.http
                .get("/sandbox/carrier/control/orders?phone=" + phone, null)
                .body());
        int n = 0;
        for (var v : o.getJsonArray("orders")) {
            JsonObject x = v.asJsonObject();
            if (phone.equals(x.getString("phone")) && x.getBoolean("success")) {
                assertEquals("DATA_M_500M", x.getString("productCode"));
                n++;
            }
        }
        return n;
    }

    /** A browser authorized as {@code openid} through the sandbox's authorization page. */
    final class Browser {
        final HttpClient client = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        final String appid;

        Browser(String appid, String openid, boolean snapshot, String query) throws Exception {
            this.appid = appid;
            HttpResponse<String> first = send(HttpRequest.newBuilder(url("/h5/redpacket?appid=" + appid + query)));
            assertEquals(302, first.statusCode(), first.body());
            String authorize =
                    first.headers().firstValue("Location").orElseThrow().replace("#wechat_redirect", "");
            HttpResponse<String> granted = send(HttpRequest.newBuilder(
                    URI.create(authorize + "&openid=" + openid + (snapshot ? "&snapshot=1" : ""))));
            assertEquals(302, granted.statusCode(), granted.body());
            HttpResponse<String> back = send(HttpRequest.newBuilder(
                    URI.create(granted.headers().firstValue("Location").orElseThrow())));
            assertEquals(302, back.statusCode(), back.body());
            String page = back.headers().firstValue("Location").orElseThrow();
            assertTrue(page.endsWith("/h5/redpacket?appid=" + appid + query), page);
            HttpResponse<String> shown = send(HttpRequest.newBuilder(url(page.substring(page.indexOf("/h5/")))));
            assertEquals(200, shown.statusCode());
            assertTrue(shown.body().contains("/lib/weui/weui.min.css")
                    && shown.body().contains("js/share.js"));
        }

        JsonObject get(String call, String query) throws Exception {
            HttpResponse<String> r =
                    send(HttpRequest.newBuilder(url("/h5/redpacket/api/" + call + "?appid=" + appid + query)));
            assertEquals(200, r.statusCode(), r.body());
            return json(r.body());
        }

        HttpResponse<String> post(String call, String body, String csrf) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(url("/h5/redpacket/api/" + call + "?appid=" + appid))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            if (csrf != null) {
                b.header("X-WXP-CSRF", csrf);
            }
            return send(b);
        }

        private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
            return client.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private String account() throws Exception {
        return TestEnv.safeAccount(
                new Http(base), "红包测试", BusinessSupport.SECRET, BusinessSupport.TOKEN, BusinessSupport.KEY);
    }

    private JsonObject grab(String appid, String openid, long packet) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(url(
                                "/h5/redpacket/bench/grab?appid=" + appid + "&packet=" + packet + "&openid=" + openid))
                        .timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return json(r.body());
    }

    private JsonObject bench(String call, String query) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(url("/h5/redpacket/bench/" + call + "?" + query))
                        .timeout(Duration.ofSeconds(120))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), call + ": " + r.body());
        return json(r.body());
    }

    private URI url(String path) {
        return URI.create(base.toString().replaceAll("/$", "") + path);
    }

    static JsonObject json(String body) {
        return Json.createReader(new StringReader(body)).readObject();
    }

    static Connection db() throws Exception {
        return DriverManager.getConnection(
                System.getenv("WXP_DB_URL"), System.getenv("WXP_DB_USER"), System.getenv("WXP_DB_PASSWORD"));
    }

    private static long sum(Connection c, String sql, String param) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, param);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void exec(Connection c, String sql, String param) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, param);
            ps.executeUpdate();
        }
    }
}
