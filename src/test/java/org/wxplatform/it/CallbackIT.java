package org.wxplatform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Year;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.wxplatform.message.crypto.EncodingAesKey;
import org.wxplatform.message.crypto.MessageCrypto;
import org.wxplatform.message.crypto.Signatures;
import org.wxplatform.message.xml.SafeXml;

/**
 * The callback over HTTP as WeChat calls it: the three modes, hostile inputs (each refused with its
 * status and leaving no record), and exactly-once under retries.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class CallbackIT {

    static final String KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    static final String TOKEN = "cbToken42";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.product();
    }

    @ArquillianResource
    URL base;

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private String newAccount(String mode) throws Exception {
        String appid = TestEnv.newAppid();
        String body = "{\"name\":\"回调\",\"secret\":\"0123456789abcdef0123456789abcdef\",\"token\":\"" + TOKEN
                + "\",\"aesKey\":\"" + KEY + "\",\"mode\":\"" + mode + "\"}";
        var r = new Http(base)
                .json("PUT", "/api/admin/accounts/" + appid, Http.basic(TestEnv.ADMIN, TestEnv.adminPassword()), body);
        assertEquals(201, r.statusCode(), r.body());
        return appid;
    }

    static String text(String from, String content, long msgId) {
        return "<xml><ToUserName><![CDATA[gh_it]]></ToUserName><FromUserName><![CDATA[" + from
                + "]]></FromUserName><CreateTime>" + (System.currentTimeMillis() / 1000)
                + "</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[" + content
                + "]]></Content><MsgId>" + msgId + "</MsgId></xml>";
    }

    /** A signed (and in safe/compat mode encrypted) POST exactly as WeChat sends it. */
    HttpResponse<String> post(String appid, String mode, String xml, String timestamp, String nonce) throws Exception {
        String query = "signature=" + Signatures.handshake(TOKEN, timestamp, nonce) + "&timestamp=" + timestamp
                + "&nonce=" + nonce + "&openid=o1";
        String body = xml;
        if (!mode.equals("plain")) {
            String encrypt = new MessageCrypto(EncodingAesKey.parse(KEY)).encrypt(xml, appid);
            query += "&encrypt_type=aes&msg_signature=" + Signatures.message(TOKEN, timestamp, nonce, encrypt);
            body = "<xml><ToUserName><![CDATA[gh_it]]></ToUserName><Encrypt><![CDATA[" + encrypt
                    + "]]></Encrypt></xml>";
        }
        return raw(appid, query, body);
    }

    HttpResponse<String> raw(String appid, String query, String body) throws Exception {
        return client.send(
                HttpRequest.newBuilder(URI.create(base + "wx/callback/" + appid + "?" + query))
                        .header("Content-Type", "text/xml")
                        .timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                        .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** The reply's plaintext: decrypted and signature-checked when it is an encrypted envelope. */
    static String plainReply(String appid, HttpResponse<String> r) throws Exception {
        if (!r.body().contains("<Encrypt>")) {
            return r.body();
        }
        Map<String, String> f = new SafeXml().parseFields(r.body());
        return new MessageCrypto(EncodingAesKey.parse(KEY))
                .decryptVerified(
                        TOKEN, f.get("MsgSignature"), f.get("TimeStamp"), f.get("Nonce"), f.get("Encrypt"), appid);
    }

    static String now() {
        return Long.toString(System.currentTimeMillis() / 1000);
    }

    static String nonce() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong());
    }

    /**
     * The user-log rows of the account once {@code expected} are there (the log is written moments after
     * the callback, UserLogStream), or after 20 s; then once more after a pause, so a row too many shows.
     */
    static long awaitLogged(String appid, long expected) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        while (logged(appid) < expected && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        Thread.sleep(500);
        return logged(appid);
    }

    static long logged(String appid) throws Exception {
        try (Connection c = DriverManager.getConnection(
                        System.getenv("WXP_DB_URL"), System.getenv("WXP_DB_USER"), System.getenv("WXP_DB_PASSWORD"));
                PreparedStatement ps = c.prepareStatement(
                        "SELECT COUNT(*) FROM user_log_" + Year.now().getValue() + " WHERE appid = ?")) {
            ps.setString(1, appid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            } catch (java.sql.SQLSyntaxErrorException noTableYet) {
                return 0;
            }
        } catch (java.sql.SQLSyntaxErrorException noTableYet) {
            return 0;
        }
    }

    @Test
    void handshakeEchoesOnlyWithTheRightSignature() throws Exception {
        String appid = newAccount("plain");
        String ts = now();
        String q = "timestamp=" + ts + "&nonce=n1&echostr=echo123&signature=";
        var ok = client.send(
                HttpRequest.newBuilder(URI.create(
                                base + "wx/callback/" + appid + "?" + q + Signatures.handshake(TOKEN, ts, "n1")))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ok.statusCode());
        assertEquals("echo123", ok.body());
        var bad = client.send(
                HttpRequest.newBuilder(URI.create(base + "wx/callback/" + appid + "?" + q + "0000"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, bad.statusCode());
        assertFalse(bad.body().contains("echo123"));
        var unknown = client.send(
                HttpRequest.newBuilder(URI.create(base + "wx/callback/wx0000000000000404?" + q + "x"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(404, unknown.statusCode());
    }

    @Test
    void allThreeModesAnswerAndSafeRepliesDecryptAndVerify() throws Exception {
        for (String mode : List.of("plain", "compat", "safe")) {
            String appid = newAccount(mode);
            var r = post(appid, mode, text("u-" + mode, "你好😀", 1000L + mode.length()), now(), nonce());
            assertEquals(200, r.statusCode(), mode + ": " + r.body());
            String reply = plainReply(appid, r);
            assertTrue(reply.contains("<MsgType><![CDATA[text]]></MsgType>"), mode + ": " + reply);
            assertTrue(reply.contains("<ToUserName><![CDATA[u-" + mode + "]]></ToUserName>"), reply);
            assertEquals(mode.equals("plain"), !r.body().contains("<Encrypt>"), mode);
            assertEquals(1, awaitLogged(appid, 1), mode);
        }
    }

    @Test
    void hostileInputsGetTheirStatusAndLeaveNoRecord() throws Exception {
        String appid = newAccount("safe");
        String plainAppid = newAccount("plain");
        String ts = now();
        String good = text("hostile", "hi", 777);

        // bad signature (safe): 403
        String encrypt = new MessageCrypto(EncodingAesKey.parse(KEY)).encrypt(good, appid);
        String envelope = "<xml><Encrypt><![CDATA[" + encrypt + "]]></Encrypt></xml>";
        assertEquals(
                403,
                raw(appid, "timestamp=" + ts + "&nonce=n&encrypt_type=aes&msg_signature=deadbeef", envelope)
                        .statusCode());
        // a message for another appid, correctly signed: 400 (AppId checked)
        String foreign = new MessageCrypto(EncodingAesKey.parse(KEY)).encrypt(good, "wx1111111111111111");
        assertEquals(
                400,
                raw(
                                appid,
                                "timestamp=" + ts + "&nonce=n&encrypt_type=aes&msg_signature="
                                        + Signatures.message(TOKEN, ts, "n", foreign),
                                "<xml><Encrypt><![CDATA[" + foreign + "]]></Encrypt></xml>")
                        .statusCode());
        // plaintext to a safe-mode account: 400
        assertEquals(400, post(appid, "plain", good, ts, "n").statusCode());
        // XXE and billion laughs: 400, no stack trace
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + "<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><CreateTime>1</CreateTime>"
                + "<MsgType>text</MsgType><Content>&e;</Content><MsgId>5</MsgId></xml>";
        var r = post(plainAppid, "plain", xxe, ts, "n2");
        assertEquals(400, r.statusCode());
        assertFalse(r.body().contains("root:"));
        assertFalse(r.body().contains("Exception"), r.body());
        String laughs =
                "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;\">]>"
                        + "<xml><Content>&lol2;</Content></xml>";
        assertEquals(400, post(plainAppid, "plain", laughs, ts, "n3").statusCode());
        // malformed: 400; oversized: 413
        assertEquals(
                400, post(plainAppid, "plain", "<xml><ToUserName>", ts, "n4").statusCode());
        assertEquals(
                413,
                post(plainAppid, "plain", text("big", "x".repeat(70_000), 6), ts, "n5")
                        .statusCode());
        // stale timestamp (replay of an old capture): 403
        String old = Long.toString(System.currentTimeMillis() / 1000 - 3600);
        assertEquals(403, post(plainAppid, "plain", good, old, "n6").statusCode());
        // unknown account: 404
        assertEquals(404, post("wx0000000000000404", "plain", good, ts, "n7").statusCode());
        // same timestamp+nonce with another body (a captured signature reused): 403
        assertEquals(
                200,
                post(plainAppid, "plain", text("replay", "first", 8), ts, "same")
                        .statusCode());
        assertEquals(
                403,
                post(plainAppid, "plain", text("replay", "forged", 9), ts, "same")
                        .statusCode());

        assertEquals(1, awaitLogged(plainAppid, 1), "only the one legitimate message is recorded");
        assertEquals(0, logged(appid), "nothing recorded for the refused safe-mode requests");

        // encrypted: two messages that happen to share (timestamp, nonce), as WeChat's random nonces now
        // and then do, are both handled: each msg_signature covers its own body
        String shared = newAccount("safe");
        assertEquals(
                200,
                post(shared, "safe", text("nonce-a", "查询话费", 10), ts, "twice").statusCode());
        assertEquals(
                200,
                post(shared, "safe", text("nonce-b", "查询话费", 11), ts, "twice").statusCode());
        assertEquals(2, awaitLogged(shared, 2), "both messages recorded");
    }

    /**
     * 1,000 messages from distinct users, each delivered 1 to 4 times, the deliveries of some in
     * parallel and of others in sequence: each is executed once (one user-log row) and every delivery
     * of a message gets the same reply.
     */
    @Test
    void thousandMessagesWithRetriesAreEachExecutedOnce() throws Exception {
        String appid = newAccount("safe");
        int messages = 1000;
        Map<Long, Set<String>> replies = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int i = 0; i < messages; i++) {
                long msgId = 9_000_000_000L + i;
                String xml = text("user" + i, "查询话费", msgId);
                String ts = now();
                String nonce = nonce();
                int deliveries = 1 + i % 4;
                boolean parallel = i % 2 == 0;
                Runnable deliver = () -> {
                    try {
                        var r = post(appid, "safe", xml, ts, nonce);
                        assertEquals(200, r.statusCode(), r.body());
                        replies.computeIfAbsent(msgId, k -> ConcurrentHashMap.newKeySet())
                                .add(plainReply(appid, r));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                };
                if (parallel) {
                    for (int d = 0; d < deliveries; d++) {
                        work.add(pool.submit(deliver));
                    }
                } else {
                    work.add(pool.submit(() -> {
                        for (int d = 0; d < deliveries; d++) {
                            deliver.run();
                        }
                    }));
                }
            }
            for (Future<?> f : work) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(messages, replies.size());
        Set<String> distinct = new HashSet<>();
        replies.forEach((id, set) -> {
            assertEquals(1, set.size(), "message " + id + " got different replies: " + set);
            distinct.add(set.iterator().next());
        });
        assertNotNull(distinct);
        assertEquals(messages, awaitLogged(appid, messages), "each message executed (and logged) exactly once");
    }
}
