package org.wxplatform.sandbox.wechat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CallbackSimulatorTest {

    private static final String APPID = "wx0123456789abcdef";
    private static final String TOKEN = "sandboxToken1";
    /** WxJava's test key: its last character carries non-zero spare bits. */
    private static final String KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

    private static final String GH = "gh_0123456789ab";
    private static final String USER = "oUser1";

    private FakeProduct product;

    @BeforeEach
    void start() throws IOException {
        product = new FakeProduct();
    }

    @AfterEach
    void stop() {
        product.close();
    }

    private CallbackSimulator simulator(CallbackMode mode) {
        return new CallbackSimulator(product.base(), APPID, TOKEN, mode == CallbackMode.PLAIN ? null : KEY, mode, GH);
    }

    /** sha1 of the sorted parts, written out here so the check does not rest on the code under test. */
    private static String sha1Sorted(String... parts) throws Exception {
        String[] sorted = parts.clone();
        Arrays.sort(sorted);
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-1")
                        .digest(String.join("", sorted).getBytes(StandardCharsets.UTF_8)));
    }

    private static String textReply(String to, String from, String content) {
        return "<xml><ToUserName><![CDATA[" + to + "]]></ToUserName><FromUserName><![CDATA[" + from
                + "]]></FromUserName><CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType>"
                + "<Content><![CDATA[" + content + "]]></Content></xml>";
    }

    private static String encryptedReply(String plaintext, String appId, String token) {
        String encrypt = new WeChatCrypto(KEY).encrypt(plaintext, appId);
        String signature = WeChatCrypto.sign(token, "1700000001", "777", encrypt);
        return "<xml><Encrypt><![CDATA[" + encrypt + "]]></Encrypt><MsgSignature><![CDATA[" + signature
                + "]]></MsgSignature><TimeStamp>1700000001</TimeStamp><Nonce><![CDATA[777]]></Nonce></xml>";
    }

    // ---- the request on the wire

    @Test
    void plainModePostsTheMessageWithWeChatsQueryAndReadsThePlaintextReply() throws Exception {
        product.answer(r -> FakeProduct.Answer.ok(textReply(USER, GH, "您好，这里是营业厅")));
        CallbackSimulator sim = simulator(CallbackMode.PLAIN);
        String xml = sim.messages().text(USER, "营业厅");

        Delivery d = sim.send(xml);

        FakeProduct.Received r = product.received().get(0);
        assertEquals("POST", r.method());
        assertEquals("/wx/callback/" + APPID, r.path());
        assertEquals(
                List.of("signature", "timestamp", "nonce", "openid"),
                List.copyOf(r.query().keySet()));
        assertEquals(
                sha1Sorted(TOKEN, r.query().get("timestamp"), r.query().get("nonce")),
                r.query().get("signature"));
        assertTrue(Math.abs(Long.parseLong(r.query().get("timestamp")) - System.currentTimeMillis() / 1000) < 60);
        assertEquals(USER, r.query().get("openid"));
        assertEquals("text/xml", r.contentType());
        assertEquals(xml, r.body());

        assertTrue(d.ok(), d.problem());
        assertEquals(1, d.attempts());
        assertEquals(200, d.status());
        assertEquals("text", d.msgType());
        assertEquals("您好，这里是营业厅", d.content());
        assertEquals(textReply(USER, GH, "您好，这里是营业厅"), d.replyXml());
        assertEquals(USER, d.reply().get("ToUserName"));
    }

    @Test
    void safeModeSendsOnlyToUserNameAndEncryptAndDecryptsTheSignedReply() throws Exception {
        String[] decrypted = new String[1];
        product.answer(r -> {
            decrypted[0] = new WeChatCrypto(KEY).decrypt(body(r).get("Encrypt"), APPID);
            return FakeProduct.Answer.ok(encryptedReply(textReply(USER, GH, "已加密的回复"), APPID, TOKEN));
        });
        CallbackSimulator sim = simulator(CallbackMode.SAFE);
        String xml = sim.messages().click(USER, "QUERY_BILL");

        Delivery d = sim.send(xml);

        FakeProduct.Received r = product.received().get(0);
        Map<String, String> q = r.query();
        assertEquals(
                List.of("signature", "timestamp", "nonce", "openid", "encrypt_type", "msg_signature"),
                List.copyOf(q.keySet()));
        assertEquals("aes", q.get("encrypt_type"));
        assertEquals(sha1Sorted(TOKEN, q.get("timestamp"), q.get("nonce")), q.get("signature"));
        Map<String, String> body = body(r);
        assertEquals(List.of("ToUserName", "Encrypt"), List.copyOf(body.keySet()));
        assertEquals(GH, body.get("ToUserName"));
        assertEquals(
                sha1Sorted(TOKEN, q.get("timestamp"), q.get("nonce"), body.get("Encrypt")), q.get("msg_signature"));
        assertEquals(xml, decrypted[0]);

        assertTrue(d.ok(), d.problem());
        assertEquals("text", d.msgType());
        assertEquals("已加密的回复", d.content());
        assertEquals(textReply(USER, GH, "已加密的回复"), d.replyXml());
    }

    @Test
    void compatModeSendsThePlaintextFieldsPlusEncryptAndAcceptsAPlaintextReply() throws Exception {
        product.answer(r -> FakeProduct.Answer.ok(textReply(USER, GH, "明文回复")));
        CallbackSimulator sim = simulator(CallbackMode.COMPAT);
        String xml = sim.messages().text(USER, "hi");

        Delivery d = sim.send(xml);

        FakeProduct.Received r = product.received().get(0);
        Map<String, String> body = body(r);
        Map<String, String> message = CallbackMessagesTest.fields(xml);
        assertEquals(
                message,
                body.entrySet().stream()
                        .filter(e -> !e.getKey().equals("Encrypt"))
                        .collect(java.util.stream.Collectors.toMap(
                                Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, java.util.LinkedHashMap::new)));
        assertEquals(xml, new WeChatCrypto(KEY).decrypt(body.get("Encrypt"), APPID));
        assertEquals("aes", r.query().get("encrypt_type"));
        assertEquals(
                sha1Sorted(TOKEN, r.query().get("timestamp"), r.query().get("nonce"), body.get("Encrypt")),
                r.query().get("msg_signature"));
        assertTrue(d.ok(), d.problem());
        assertEquals("明文回复", d.content());
    }

    @Test
    void compatModeAlsoAcceptsAnEncryptedReply() {
        product.answer(r -> FakeProduct.Answer.ok(encryptedReply(textReply(USER, GH, "x"), APPID, TOKEN)));
        Delivery d = simulator(CallbackMode.COMPAT)
                .send(simulator(CallbackMode.COMPAT).messages().text(USER, "hi"));
        assertTrue(d.ok(), d.problem());
        assertEquals("x", d.content());
    }

    @Test
    void malformedXmlIsSentAsItIsWithoutAnOpenid() {
        product.answer(r -> new FakeProduct.Answer(400, "{\"error\":\"bad request\"}", 0));
        Delivery d = simulator(CallbackMode.PLAIN).send("<xml><ToUserName>");
        FakeProduct.Received r = product.received().get(0);
        assertEquals("<xml><ToUserName>", r.body());
        assertFalse(r.query().containsKey("openid"));
        assertEquals(400, d.status());
        assertEquals(1, d.attempts(), "an HTTP answer is not retried");
        assertTrue(d.problem().contains("HTTP 400"), d.problem());
    }

    // ---- WeChat's retries

    @Test
    void retriesTheIdenticalRequestWhenNoAnswerComesInTime() {
        AtomicInteger calls = new AtomicInteger();
        product.answer(r -> calls.incrementAndGet() <= 2
                ? new FakeProduct.Answer(200, "success", 1500)
                : FakeProduct.Answer.ok(encryptedReply(textReply(USER, GH, "third time"), APPID, TOKEN)));
        CallbackSimulator sim = simulator(CallbackMode.SAFE).withAnswerTimeout(Duration.ofMillis(300));

        Delivery d = sim.send(sim.messages().text(USER, "slow"));

        assertEquals(3, d.attempts());
        List<FakeProduct.Received> received = product.received();
        assertEquals(3, received.size());
        assertEquals(
                1, received.stream().map(FakeProduct.Received::uri).distinct().count(), "same URL");
        assertEquals(
                1, received.stream().map(FakeProduct.Received::body).distinct().count(), "same body");
        assertFalse(d.attemptLog().get(0).answered());
        assertTrue(d.attemptLog().get(0).failure().contains("no answer within 300 ms"));
        assertTrue(d.latencies().get(0).toMillis() >= 290, d.latencies().toString());
        assertEquals(200, d.attemptLog().get(2).status());
        assertTrue(d.ok(), d.problem());
        assertEquals("third time", d.content());
    }

    @Test
    void givesUpAfterThreeRetries() {
        product.answer(r -> new FakeProduct.Answer(200, "success", 1500));
        CallbackSimulator sim = simulator(CallbackMode.PLAIN).withAnswerTimeout(Duration.ofMillis(200));

        Delivery d = sim.send(sim.messages().text(USER, "never answered"));

        assertEquals(4, d.attempts());
        assertEquals(4, product.received().size());
        assertEquals(0, d.status());
        assertNull(d.replyXml());
        assertTrue(d.problem().startsWith("no answer after 4 attempt"), d.problem());
    }

    @Test
    void aProductThatIsDownGetsFourAttemptsToo() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        CallbackSimulator sim =
                new CallbackSimulator("http://127.0.0.1:" + port, APPID, TOKEN, null, CallbackMode.PLAIN, GH);
        Delivery d = sim.send(sim.messages().text(USER, "anyone?"));
        assertEquals(4, d.attempts());
        assertTrue(d.problem().contains("connection refused"), d.problem());
    }

    @Test
    void deliverRepeatedlyInParallelArrivesWhileTheFirstIsStillRunning() {
        product.answer(r -> new FakeProduct.Answer(200, "success", 400));
        CallbackSimulator sim = simulator(CallbackMode.SAFE);

        List<Delivery> deliveries =
                sim.deliverRepeatedly(sim.messages().text(USER, "twice?"), 3, CallbackSimulator.Order.PARALLEL);

        assertEquals(3, deliveries.size());
        assertEquals(3, product.maxInFlight());
        List<FakeProduct.Received> received = product.received();
        assertEquals(
                1, received.stream().map(FakeProduct.Received::uri).distinct().count());
        assertEquals(
                1, received.stream().map(FakeProduct.Received::body).distinct().count());
        deliveries.forEach(d -> {
            assertTrue(d.ok(), d.problem());
            assertEquals(1, d.attempts());
        });
    }

    @Test
    void deliverRepeatedlyInSequenceWaitsForEachAnswer() {
        product.answer(r -> new FakeProduct.Answer(200, "success", 100));
        CallbackSimulator sim = simulator(CallbackMode.PLAIN);
        List<Delivery> deliveries =
                sim.deliverRepeatedly(sim.messages().text(USER, "again"), 4, CallbackSimulator.Order.SEQUENTIAL);
        assertEquals(4, deliveries.size());
        assertEquals(1, product.maxInFlight());
        // the deliveries of this message (a closed product of an earlier test may have left its port
        // to this one, and a late request of that test with it)
        List<FakeProduct.Received> ours = product.received().stream()
                .filter(r -> r.body().contains("again"))
                .toList();
        assertEquals(4, ours.size(), () -> "received: " + product.received());
        assertEquals(
                1,
                ours.stream().map(FakeProduct.Received::uri).distinct().count(),
                () -> "one signed request, posted again as it was: " + ours);
        assertThrows(
                IllegalArgumentException.class,
                () -> sim.deliverRepeatedly("<xml/>", 5, CallbackSimulator.Order.SEQUENTIAL));
        assertThrows(
                IllegalArgumentException.class,
                () -> sim.deliverRepeatedly("<xml/>", 0, CallbackSimulator.Order.PARALLEL));
    }

    // ---- judging the answer

    @Test
    void successOrAnEmptyBodyMeansNoReply() {
        CallbackSimulator sim = simulator(CallbackMode.SAFE);
        for (String body : List.of("success", "", "success\n")) {
            product.answer(r -> FakeProduct.Answer.ok(body));
            Delivery d = sim.send(sim.messages().unsubscribe(USER));
            assertTrue(d.ok(), d.problem());
            assertFalse(d.hasReply());
            assertTrue(d.reply().isEmpty());
            assertNull(d.msgType());
        }
    }

    @Test
    void safeModeRefusesAPlaintextReply() {
        product.answer(r -> FakeProduct.Answer.ok(textReply(USER, GH, "not encrypted")));
        CallbackSimulator sim = simulator(CallbackMode.SAFE);
        Delivery d = sim.send(sim.messages().text(USER, "hi"));
        assertFalse(d.ok());
        assertTrue(d.problem().contains("plaintext reply in safe mode"), d.problem());
        assertNull(d.replyXml());
    }

    @Test
    void aReplyWithABadSignatureIsRefused() {
        product.answer(r -> FakeProduct.Answer.ok(encryptedReply(textReply(USER, GH, "x"), APPID, "otherToken")));
        CallbackSimulator sim = simulator(CallbackMode.SAFE);
        Delivery d = sim.send(sim.messages().text(USER, "hi"));
        assertTrue(d.problem().contains("signature"), d.problem());
    }

    @Test
    void aReplyEncryptedForAnotherAppIdIsRefused() {
        product.answer(
                r -> FakeProduct.Answer.ok(encryptedReply(textReply(USER, GH, "x"), "wxffffffffffffffff", TOKEN)));
        CallbackSimulator sim = simulator(CallbackMode.SAFE);
        Delivery d = sim.send(sim.messages().text(USER, "hi"));
        assertTrue(d.problem().contains("AppId"), d.problem());
    }

    @Test
    void anEncryptedReplyInPlainModeIsRefused() {
        product.answer(r -> FakeProduct.Answer.ok(encryptedReply(textReply(USER, GH, "x"), APPID, TOKEN)));
        CallbackSimulator sim = simulator(CallbackMode.PLAIN);
        Delivery d = sim.send(sim.messages().text(USER, "hi"));
        assertTrue(d.problem().contains("plain mode"), d.problem());
    }

    @Test
    void aReplyMustGoBackToTheSenderFromTheAccount() {
        CallbackSimulator sim = simulator(CallbackMode.PLAIN);
        product.answer(r -> FakeProduct.Answer.ok(textReply("oSomeoneElse", GH, "x")));
        assertTrue(sim.send(sim.messages().text(USER, "hi")).problem().contains("oSomeoneElse"));
        product.answer(r -> FakeProduct.Answer.ok(textReply(USER, "gh_other", "x")));
        assertTrue(sim.send(sim.messages().text(USER, "hi")).problem().contains("gh_other"));
        product.answer(r -> FakeProduct.Answer.ok("<xml><ToUserName>" + USER + "</ToUserName></xml>"));
        assertTrue(sim.send(sim.messages().text(USER, "hi")).problem().contains("MsgType"));
    }

    @Test
    void anAnswerThatIsNeitherSuccessNorXmlIsAProblem() {
        CallbackSimulator sim = simulator(CallbackMode.PLAIN);
        product.answer(r -> FakeProduct.Answer.ok("OK"));
        assertTrue(sim.send(sim.messages().text(USER, "hi")).problem().contains("neither"));
        product.answer(
                r -> FakeProduct.Answer.ok("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><xml>&e;</xml>"));
        assertFalse(sim.send(sim.messages().text(USER, "hi")).ok(), "a DTD is refused, never resolved");
    }

    @Test
    void newsAndMediaRepliesAreFlattenedForTests() {
        String news = "<xml><ToUserName><![CDATA[" + USER + "]]></ToUserName><FromUserName><![CDATA[" + GH
                + "]]></FromUserName><CreateTime>1</CreateTime><MsgType><![CDATA[news]]></MsgType>"
                + "<ArticleCount>2</ArticleCount><Articles>"
                + "<item><Title><![CDATA[话费查询]]></Title><Description><![CDATA[本月]]></Description>"
                + "<PicUrl><![CDATA[http://p/1.jpg]]></PicUrl><Url><![CDATA[http://h5/bill]]></Url></item>"
                + "<item><Title><![CDATA[流量查询]]></Title><Url><![CDATA[http://h5/usage]]></Url></item>"
                + "</Articles></xml>";
        product.answer(r -> FakeProduct.Answer.ok(encryptedReply(news, APPID, TOKEN)));
        CallbackSimulator sim = simulator(CallbackMode.SAFE);
        Delivery d = sim.send(sim.messages().click(USER, "BILL"));
        assertTrue(d.ok(), d.problem());
        assertEquals("news", d.msgType());
        assertEquals("2", d.reply().get("ArticleCount"));
        assertEquals("2", d.reply().get("Articles"));
        assertEquals("话费查询", d.reply().get("Articles.1.Title"));
        assertEquals("http://h5/bill", d.reply().get("Articles.1.Url"));
        assertEquals("流量查询", d.reply().get("Articles.2.Title"));

        String image = "<xml><ToUserName><![CDATA[" + USER + "]]></ToUserName><FromUserName><![CDATA[" + GH
                + "]]></FromUserName><CreateTime>1</CreateTime><MsgType><![CDATA[image]]></MsgType>"
                + "<Image><MediaId><![CDATA[media_9]]></MediaId></Image></xml>";
        product.answer(r -> FakeProduct.Answer.ok(image));
        Delivery i = simulator(CallbackMode.COMPAT).send(sim.messages().text(USER, "pic"));
        assertEquals("media_9", i.reply().get("MediaId"));

        String transfer = "<xml><ToUserName><![CDATA[" + USER + "]]></ToUserName><FromUserName><![CDATA[" + GH
                + "]]></FromUserName><CreateTime>1</CreateTime>"
                + "<MsgType><![CDATA[transfer_customer_service]]></MsgType>"
                + "<TransInfo><KfAccount><![CDATA[kf2001@test]]></KfAccount></TransInfo></xml>";
        product.answer(r -> FakeProduct.Answer.ok(transfer));
        Delivery t = simulator(CallbackMode.PLAIN).send(sim.messages().text(USER, "人工"));
        assertEquals("transfer_customer_service", t.msgType());
        assertEquals("kf2001@test", t.reply().get("KfAccount"));
    }

    // ---- handshake and configuration

    @Test
    void handshakeSignsTheGetAndExpectsTheEchostrBack() throws Exception {
        product.answer(r -> {
            boolean good = r.query()
                    .get("signature")
                    .equals(WeChatCrypto.sign(
                            TOKEN, r.query().get("timestamp"), r.query().get("nonce")));
            return good ? FakeProduct.Answer.ok(r.query().get("echostr")) : new FakeProduct.Answer(403, "", 0);
        });
        CallbackSimulator.Handshake ok = simulator(CallbackMode.SAFE).handshake("5837397520665436492");
        assertTrue(ok.echoed());
        assertEquals(200, ok.status());
        FakeProduct.Received r = product.received().get(0);
        assertEquals("GET", r.method());
        assertEquals("/wx/callback/" + APPID, r.path());
        assertEquals(
                sha1Sorted(TOKEN, r.query().get("timestamp"), r.query().get("nonce")),
                r.query().get("signature"));

        CallbackSimulator wrongToken =
                new CallbackSimulator(product.base(), APPID, "wrongToken", null, CallbackMode.PLAIN, GH);
        CallbackSimulator.Handshake refused = wrongToken.handshake("1");
        assertFalse(refused.echoed());
        assertEquals(403, refused.status());
    }

    @Test
    void configurationIsCheckedUpFront() {
        String base = product.base();
        assertThrows(
                IllegalArgumentException.class,
                () -> new CallbackSimulator(base, "wx123", TOKEN, null, CallbackMode.PLAIN, null));
        assertThrows(
                IllegalArgumentException.class,
                () -> new CallbackSimulator(base, APPID, TOKEN, null, CallbackMode.SAFE, null));
        assertThrows(
                IllegalArgumentException.class,
                () -> new CallbackSimulator(base, APPID, TOKEN, "short", CallbackMode.SAFE, null));
        assertThrows(
                IllegalArgumentException.class,
                () -> new CallbackSimulator("ftp://x", APPID, TOKEN, null, CallbackMode.PLAIN, null));
        CallbackSimulator derived = new CallbackSimulator(base + "/", APPID, TOKEN, null, CallbackMode.PLAIN, null);
        assertEquals(CallbackMessages.originalIdFor(APPID), derived.originalId());
        assertTrue(derived.prepare("<xml/>").uri().toString().startsWith(base + "/wx/callback/" + APPID + "?"));
        assertThrows(IllegalArgumentException.class, () -> derived.withAnswerTimeout(Duration.ZERO));
    }

    @Test
    void forAccountUsesTheRegistrysCopy() {
        SandboxAccount account = new SandboxAccount(APPID, "营业厅", TOKEN, KEY, CallbackMode.SAFE, GH);
        CallbackSimulator sim = CallbackSimulator.forAccount(product.base(), account);
        assertEquals(CallbackMode.SAFE, sim.mode());
        assertEquals(GH, sim.originalId());
        assertEquals(CallbackSimulator.WECHAT_ANSWER_TIMEOUT, sim.answerTimeout());
    }

    private static Map<String, String> body(FakeProduct.Received r) {
        try {
            return CallbackMessagesTest.fields(r.body());
        } catch (Exception e) {
            throw new AssertionError("the body is not XML: " + r.body(), e);
        }
    }
}
