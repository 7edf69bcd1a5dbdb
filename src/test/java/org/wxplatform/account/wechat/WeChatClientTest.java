package org.wxplatform.account.wechat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wxplatform.account.token.RedisTokenStore;
import org.wxplatform.account.token.TestRedis;
import org.wxplatform.account.token.TokenCentral;
import org.wxplatform.account.token.WeChatTestServer;
import redis.clients.jedis.JedisPool;

/** The client against a WeChat peer on the JDK's HTTP server, with the central control on the real Redis. */
class WeChatClientTest {

    static final String SECRET = "0123456789abcdef0123456789abcdef";
    static final Logger INTERFACE = Logger.getLogger(WeChatHttp.INTERFACE_LOG);

    WeChatTestServer server;
    JedisPool poolA;
    JedisPool poolB;
    String appid;
    final List<String> logLines = new CopyOnWriteArrayList<>();
    final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            logLines.add(r.getMessage());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void start() throws Exception {
        appid = TestRedis.newAppid();
        server = new WeChatTestServer(7200).account(appid, SECRET);
        poolA = TestRedis.pool(64);
        poolB = TestRedis.pool(64);
        INTERFACE.addHandler(capture);
    }

    @AfterEach
    void stop() {
        INTERFACE.removeHandler(capture);
        server.close();
        poolA.close();
        poolB.close();
    }

    /** One node: its own pool, central control and client (a short request time limit for the tests). */
    WeChatClient node(JedisPool pool, String secret) {
        WeChatHttp http = new WeChatHttp(server.base(), Duration.ofSeconds(2), Duration.ofMillis(1500));
        SecretSource secrets = id -> secret;
        WeChatFetchers fetchers = new WeChatFetchers(http, secrets);
        RedisTokenStore store = new RedisTokenStore(pool);
        TokenCentral tokens = new TokenCentral(
                "access_token",
                store,
                fetchers.accessToken(),
                Clock.systemUTC(),
                null,
                TokenCentral.Options.defaults());
        TokenCentral tickets = new TokenCentral(
                "jsapi_ticket",
                store,
                fetchers.jsapiTicket(tokens),
                Clock.systemUTC(),
                null,
                TokenCentral.Options.defaults());
        return new WeChatClient(http, tokens, tickets, new ApiRateLimiter(pool, 1000, 1000, 200, 600, 2000), secrets);
    }

    static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static JsonObject json(String s) {
        return JsonProvider.provider().createReader(new StringReader(s)).readObject();
    }

    @Test
    void anEarlyInvalidatedTokenIsRefreshedOnceAndEveryFailedCallSucceedsOnRetry() throws Exception {
        WeChatClient a = node(poolA, SECRET);
        WeChatClient b = node(poolB, SECRET);
        a.sendCustomMessage(appid, new KfMessage.Text("oUser1", "before"));
        assertEquals(1, server.tokenFetches.get());
        server.invalidateLatest(); // WeChat answers 40001 for it from now on

        ExecutorService pool = Executors.newFixedThreadPool(100);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> calls = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            WeChatClient client = i % 2 == 0 ? a : b;
            String text = "m" + i;
            calls.add(pool.submit(() -> {
                go.await();
                client.sendCustomMessage(appid, new KfMessage.Text("oUser1", text));
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : calls) {
            f.get(); // every call succeeded, on its retry if it met the invalid token
        }
        pool.shutdown();
        assertEquals(2, server.tokenFetches.get(), "200 callers on two nodes met 40001: one forced refresh");
        assertTrue(server.invalidCalls.get() >= 1, "calls did meet the invalidated token");
        assertEquals(201, server.bodies("/cgi-bin/message/custom/send").size());
    }

    @Test
    void messagesAndCallsSpeakWeChatsJson() throws Exception {
        WeChatClient c = node(poolA, SECRET);
        c.sendCustomMessage(appid, new KfMessage.Text("oUser1", "您好 😀"));
        c.sendCustomMessage(
                appid,
                new KfMessage.News(
                        "oUser1",
                        List.of(new Article("账单", "本月账单", "https://example.org/b", "https://example.org/p.png"))));
        List<String> sent = server.bodies("/cgi-bin/message/custom/send");
        assertEquals(
                json("{\"touser\":\"oUser1\",\"msgtype\":\"text\",\"text\":{\"content\":\"您好 😀\"}}"),
                json(sent.get(0)));
        assertEquals(
                json("{\"touser\":\"oUser1\",\"msgtype\":\"news\",\"news\":{\"articles\":[{\"title\":\"账单\","
                        + "\"description\":\"本月账单\",\"url\":\"https://example.org/b\","
                        + "\"picurl\":\"https://example.org/p.png\"}]}}"),
                json(sent.get(1)));

        Map<String, TemplateMessage.Value> data = new LinkedHashMap<>();
        data.put("first", new TemplateMessage.Value("您的业务已办理", "#173177"));
        data.put("keyword1", TemplateMessage.Value.of("10GB 流量包"));
        long msgid = c.sendTemplate(appid, new TemplateMessage("oUser1", "tpl_ABC-1", null, data));
        assertTrue(msgid > 200228332L);
        assertEquals(
                json("{\"touser\":\"oUser1\",\"template_id\":\"tpl_ABC-1\",\"data\":{\"first\":{\"value\":"
                        + "\"您的业务已办理\",\"color\":\"#173177\"},\"keyword1\":{\"value\":\"10GB 流量包\"}}}"),
                json(server.bodies("/cgi-bin/message/template/send").get(0)));

        WeChatUser user = c.userInfo(appid, "oUser2");
        assertEquals("oUser2", user.openid());
        assertTrue(user.subscribed());
        assertEquals("u-oUser2", user.unionid());
        assertEquals(1_700_000_000L, user.subscribeTime());

        assertEquals(List.of(new UserTag(2, "星标组", 0), new UserTag(134, "广东", 5)), c.tags(appid));
        assertEquals(List.of(134L, 2L), c.tagsOf(appid, "oTagged"));
        assertEquals(List.of(), c.tagsOf(appid, "oUser2"));
        assertEquals(
                json("{\"openid\":\"oTagged\"}"),
                json(server.bodies("/cgi-bin/tags/getidlist").get(0)));
        assertThrows(IllegalArgumentException.class, () -> c.tagsOf(appid, "not an openid"));
        server.failNext("/cgi-bin/tags/getidlist", 40003, 1);
        WeChatApiException notFollowing = assertThrows(WeChatApiException.class, () -> c.tagsOf(appid, "oGone"));
        assertEquals(40003, notFollowing.errcode());
        assertFalse(notFollowing.transientFailure());
        server.failNext("/cgi-bin/tags/get", -1, 1);
        assertTrue(assertThrows(BusyException.class, () -> c.tags(appid)).transientFailure());
        Thread.sleep(700); // the busy answer opened the account's back-off window

        assertEquals(List.of(), c.getMenu(appid), "no menu yet (46003)");
        List<MenuButton> menu = List.of(
                MenuButton.click("查话费", "BILL"),
                MenuButton.parent(
                        "办业务",
                        List.of(
                                MenuButton.view("流量包", "https://example.org/h5/data"),
                                MenuButton.click("积分", "POINTS"))));
        c.createMenu(appid, menu);
        assertEquals(menu, c.getMenu(appid));
        c.deleteMenu(appid);
        assertEquals(List.of(), c.getMenu(appid));

        UploadedMedia media = c.uploadMedia(appid, MediaType.IMAGE, "a.jpg", "image/jpeg", new byte[] {1, 2, 3});
        assertTrue(media.mediaId().startsWith("MEDIA"));
        assertTrue(server.bodies("/cgi-bin/media/upload").get(0).startsWith("type=image multipart=true part=true"));
        assertTrue(c.uploadMedia(appid, MediaType.THUMB, "t.jpg", "image/jpeg", new byte[] {1})
                .mediaId()
                .startsWith("MEDIA"));

        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13};
        PermanentImage image = c.addPermanentImage(appid, "logo.bin", png);
        assertTrue(image.mediaId().startsWith("PERM"), image.toString());
        assertTrue(image.url().startsWith("http://mmbiz.qpic.cn/mmbiz/PERM"), image.toString());
        assertTrue(server.bodies("/cgi-bin/material/add_material")
                .get(0)
                .startsWith("type=image multipart=true part=true png=true"));
        assertThrows(
                IllegalArgumentException.class,
                () -> c.addPermanentImage(
                        appid, "x.png", "<?php".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        assertThrows(IllegalArgumentException.class, () -> c.addPermanentImage(appid, "../x.png", png));
        assertThrows(IllegalArgumentException.class, () -> c.addPermanentImage(appid, "x.png", new byte[0]));
        assertEquals(1, server.bodies("/cgi-bin/material/add_material").size(), "refused ones never sent");

        QrCode qr = c.createQrCode(appid, QrCodeRequest.temporary("bind", 600));
        assertEquals(600, qr.expireSeconds());
        assertTrue(qr.imageUrl().startsWith(server.base() + "/cgi-bin/showqrcode?ticket="));
        assertEquals(
                json("{\"expire_seconds\":600,\"action_name\":\"QR_STR_SCENE\",\"action_info\":{\"scene\":"
                        + "{\"scene_str\":\"bind\"}}}"),
                json(server.bodies("/cgi-bin/qrcode/create").get(0)));

        String authorize = c.authorizeUrl(appid, "https://example.org/h5/cb?x=1", "snsapi_userinfo", "s1");
        assertTrue(authorize.contains("redirect_uri=https%3A%2F%2Fexample.org%2Fh5%2Fcb%3Fx%3D1"), authorize);
        assertTrue(authorize.endsWith("#wechat_redirect"));
        assertTrue(authorize.startsWith(server.base() + "/connect/oauth2/authorize?"), "the sandbox serves both");
        OAuthToken oauth = c.exchangeCode(appid, "ok-code");
        assertEquals("oUser1", oauth.openid());
        assertEquals("小明", c.oauthUserInfo(appid, oauth).nickname());
        WeChatApiException badCode = assertThrows(WeChatApiException.class, () -> c.exchangeCode(appid, "used"));
        assertEquals(40029, badCode.errcode());
        assertFalse(badCode.transientFailure());

        String ticket = c.jsapiTicket(appid);
        assertTrue(ticket.startsWith("TK-"));
        assertEquals(ticket, c.jsapiTicket(appid));
        assertEquals(1, server.ticketFetches.get());
    }

    @Test
    void errcodesBecomeTypedExceptionsAndLimitsOpenABackOffWindow() throws Exception {
        WeChatClient c = node(poolA, SECRET);
        String kf = "/cgi-bin/message/custom/send";
        KfMessage hello = new KfMessage.Text("oUser1", "hi");

        server.failNext(kf, 43004, 1);
        WeChatApiException unsubscribed =
                assertThrows(WeChatApiException.class, () -> c.sendCustomMessage(appid, hello));
        assertEquals(43004, unsubscribed.errcode());
        assertFalse(unsubscribed.transientFailure());

        server.failNext(kf, 45009, 1);
        RateLimitedException limited =
                assertThrows(RateLimitedException.class, () -> c.sendCustomMessage(appid, hello));
        assertTrue(limited.transientFailure());
        long before = server.apiCalls.get();
        assertThrows(RateLimitedException.class, () -> c.sendCustomMessage(appid, hello), "inside the back-off window");
        assertEquals(before, server.apiCalls.get(), "the back-off window kept the call from WeChat");
        Thread.sleep(700);
        c.sendCustomMessage(appid, hello);

        server.failNext(kf, -1, 1);
        assertInstanceOf(
                BusyException.class, assertThrows(BusyException.class, () -> c.sendCustomMessage(appid, hello)));
        Thread.sleep(2100); // the second failure in a row doubled the window

        server.failNext(kf, 500, 1);
        UnreachableException http500 =
                assertThrows(UnreachableException.class, () -> c.sendCustomMessage(appid, hello));
        assertTrue(http500.transientFailure());
        assertFalse(http500.mayHaveArrived(), "WeChat answered that it failed");

        server.apiDelay(2000); // over the 1.5 s request time limit
        UnreachableException slow = assertThrows(UnreachableException.class, () -> c.sendCustomMessage(appid, hello));
        assertTrue(slow.getMessage().contains("time limit"), slow.getMessage());
        assertTrue(slow.mayHaveArrived(), "the request went out and no answer came: WeChat may have taken it");
        server.apiDelay(0);

        // nobody listens: the request never went out
        WeChatHttp closed =
                new WeChatHttp("http://127.0.0.1:" + freePort(), Duration.ofSeconds(2), Duration.ofMillis(1500));
        UnreachableException refused = assertThrows(
                UnreachableException.class, () -> closed.postJson(appid, kf, java.util.Map.of(), hello.toJson()));
        assertTrue(refused.transientFailure());
        assertFalse(refused.mayHaveArrived(), refused.getMessage());

        assertThrows(IllegalArgumentException.class, () -> new KfMessage.Text("bad openid!", "x"));
        assertThrows(IllegalArgumentException.class, () -> c.userInfo(appid, "x y"));
        assertThrows(IllegalArgumentException.class, () -> c.createQrCode(appid, QrCodeRequest.permanent(100_001)));
    }

    @Test
    void aSubscribersExhaustedQuotaHoldsBackOnlyThatSubscriber() throws Exception {
        WeChatClient a = node(poolA, SECRET);
        WeChatClient b = node(poolB, SECRET);
        String kf = "/cgi-bin/message/custom/send";
        KfMessage toOne = new KfMessage.Text("oQuota1", "one more");
        KfMessage toOther = new KfMessage.Text("oQuota2", "hello");
        a.sendCustomMessage(appid, toOther); // token fetched, path warm

        server.failNext(kf, 45047, 1);
        UserQuotaException out = assertThrows(UserQuotaException.class, () -> a.sendCustomMessage(appid, toOne));
        assertEquals(45047, out.errcode());
        assertFalse(out.transientFailure(), "it goes out only once the subscriber writes again");

        long before = server.apiCalls.get();
        // every node holds that subscriber back without asking WeChat ...
        assertThrows(UserQuotaException.class, () -> b.sendCustomMessage(appid, toOne));
        assertEquals(before, server.apiCalls.get());
        // ... and the account's other subscribers are served at once (no account-wide back-off)
        long t0 = System.nanoTime();
        b.sendCustomMessage(appid, toOther);
        a.sendCustomMessage(appid, toOther);
        assertTrue(System.nanoTime() - t0 < 500_000_000L, "no back-off window for the account");
        assertEquals(before + 2, server.apiCalls.get());
    }

    @Test
    void aWrongSecretIsPermanentAndTheInterfaceLogNeverShowsATokenOrSecret() throws Exception {
        WeChatApiException wrong =
                assertThrows(WeChatApiException.class, () -> node(poolA, "ffffffffffffffffffffffffffffffff")
                        .sendCustomMessage(appid, new KfMessage.Text("o1", "x")));
        assertEquals(40125, wrong.errcode());
        assertFalse(wrong.transientFailure(), "a wrong AppSecret will not heal by retrying");
        assertFalse(wrong instanceof TokenInvalidException);
        // the failed fetch holds further fetches of the account for a second (cluster-wide)
        Thread.sleep(1100);

        WeChatClient c = node(poolA, SECRET);
        c.sendCustomMessage(appid, new KfMessage.Text("oUser1", "hi"));
        String token = server.fetches().get(0).value();
        assertTrue(logLines.stream()
                .anyMatch(l ->
                        l.equals("wechat appid=" + appid + " method=GET path=/cgi-bin/token status=200 errcode=0 ms="
                                + l.substring(l.lastIndexOf('=') + 1))));
        assertTrue(logLines.stream()
                .anyMatch(l -> l.startsWith("wechat appid=" + appid
                        + " method=POST path=/cgi-bin/message/custom/send status=200 errcode=0")));
        for (String line : logLines) {
            assertFalse(line.contains(token) || line.contains(SECRET) || line.contains("access_token="), line);
        }
    }

    @Test
    void aBrowserIsSentToWeChatsWebAuthorizationHostNotToItsApiHost() {
        Duration t = Duration.ofSeconds(1);
        assertEquals("https://open.weixin.qq.com", new WeChatHttp("https://api.weixin.qq.com/", t, t).oauthBase());
        assertEquals("http://127.0.0.1:1/sb", new WeChatHttp("http://127.0.0.1:1/sb", t, t).oauthBase());
        WeChatHttp own = new WeChatHttp("https://api.weixin.qq.com", "https://oauth.example.org/", t, t);
        assertEquals(
                "https://oauth.example.org/connect/oauth2/authorize?a=b",
                own.oauthUrl("/connect/oauth2/authorize", Map.of("a", "b")));
        assertEquals("https://api.weixin.qq.com/cgi-bin/x?a=b", own.url("/cgi-bin/x", Map.of("a", "b")));
        assertThrows(
                IllegalArgumentException.class, () -> new WeChatHttp("https://api.weixin.qq.com", "ftp://x", t, t));
    }
}
