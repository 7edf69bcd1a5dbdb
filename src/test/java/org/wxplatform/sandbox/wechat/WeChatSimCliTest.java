package org.wxplatform.sandbox.wechat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WeChatSimCliTest {

    private static final String APPID = "wx0123456789abcdef";
    private static final String TOKEN = "cliToken42";
    private static final String KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    private static final String GH = "gh_c11c11c11c11";
    private static final String REGISTRY = "/sandbox/wechat/accounts/" + APPID;

    static final String INTERACTION = "/sandbox/wechat/control/" + APPID + "/interaction";

    private FakeProduct product;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws IOException {
        product = new FakeProduct();
    }

    @AfterEach
    void stop() {
        product.close();
    }

    private int run(String... args) {
        WeChatSimCli cli = new WeChatSimCli(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of("WXP_BASE_URL", product.base()));
        return cli.run(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static String registryJson(String mode, String aesKey) {
        return "{\"appid\":\"" + APPID + "\",\"name\":\"营业厅\",\"token\":\"" + TOKEN + "\",\"aesKey\":"
                + (aesKey == null ? "null" : "\"" + aesKey + "\"") + ",\"mode\":\"" + mode + "\",\"originalId\":\"" + GH
                + "\",\"updatedAt\":\"2025-01-01T00:00:00Z\"}";
    }

    /** A product that answers callbacks with {@code reply} addressed to the sender, encrypted in safe mode. */
    private void product(String registry, Function<Map<String, String>, String> reply) {
        product.answer(r -> {
            if (r.path().equals(REGISTRY)) {
                return registry == null
                        ? new FakeProduct.Answer(404, "{\"error\":\"not found\"}", 0)
                        : FakeProduct.Answer.ok(registry);
            }
            if (r.path().equals(INTERACTION)) {
                return FakeProduct.Answer.ok("{\"recorded\":true}");
            }
            Map<String, String> body = fields(r.body());
            String xml = body.containsKey("Encrypt") && !body.containsKey("MsgType")
                    ? new WeChatCrypto(KEY).decrypt(body.get("Encrypt"), APPID)
                    : r.body();
            Map<String, String> message = fields(xml);
            String answer = reply.apply(message);
            if (answer.startsWith("<xml>") && body.containsKey("Encrypt") && !body.containsKey("MsgType")) {
                String encrypt = new WeChatCrypto(KEY).encrypt(answer, APPID);
                answer = "<xml><Encrypt><![CDATA[" + encrypt + "]]></Encrypt><MsgSignature><![CDATA["
                        + WeChatCrypto.sign(TOKEN, "1", "2", encrypt)
                        + "]]></MsgSignature><TimeStamp>1</TimeStamp><Nonce><![CDATA[2]]></Nonce></xml>";
            }
            return FakeProduct.Answer.ok(answer);
        });
    }

    private static String text(Map<String, String> message, String content) {
        return "<xml><ToUserName><![CDATA[" + message.get("FromUserName") + "]]></ToUserName><FromUserName><![CDATA["
                + message.get("ToUserName") + "]]></FromUserName><CreateTime>1</CreateTime>"
                + "<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[" + content + "]]></Content></xml>";
    }

    private static Map<String, String> fields(String xml) {
        try {
            return CallbackMessagesTest.fields(xml);
        } catch (Exception e) {
            throw new AssertionError(xml, e);
        }
    }

    private List<FakeProduct.Received> callbacks() {
        return product.received().stream()
                .filter(r -> r.path().startsWith("/wx/callback/"))
                .toList();
    }

    @Test
    void sendsATextWithTheRegistrysSettingsAndPrintsTheReply() {
        product(registryJson("safe", KEY), m -> text(m, "您好，" + m.get("Content") + "为您服务"));

        int status = run("send", "--appid", APPID, "--from", "user1", "--text", "营业厅");

        assertEquals(0, status, out() + err());
        assertEquals(REGISTRY, product.received().get(0).path());
        FakeProduct.Received callback = callbacks().get(0);
        assertEquals("aes", callback.query().get("encrypt_type"));
        assertEquals("user1", callback.query().get("openid"));
        assertEquals(GH, fields(callback.body()).get("ToUserName"));
        assertTrue(out().contains("reply     text"), out());
        assertTrue(out().contains("您好，营业厅为您服务"), out());
        assertTrue(out().contains("HTTP 200"), out());
        assertTrue(out().contains("1 attempt"), out());
        assertTrue(out().contains("safe mode"), out());
    }

    private List<FakeProduct.Received> interactions() {
        return product.received().stream()
                .filter(r -> r.path().equals(INTERACTION))
                .toList();
    }

    @Test
    void chatSendsAsManyUsersAtOnceAndReportsTheirMessagesToTheSandbox() {
        product(registryJson("safe", KEY), m -> text(m, m.get("FromUserName") + "：" + m.get("Content")));

        int status = run("chat", "--appid", APPID, "--users", "10", "--text", "人工");

        assertEquals(0, status, out() + err());
        List<String> senders =
                callbacks().stream().map(r -> r.query().get("openid")).sorted().toList();
        List<String> expected = new java.util.ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            expected.add("user-" + i);
        }
        assertEquals(expected.stream().sorted().toList(), senders, "each user once");
        for (int i = 1; i <= 10; i++) {
            assertTrue(out().contains("user-" + i + " ") && out().contains("user-" + i + "：人工"), out());
        }
        assertTrue(out().indexOf("\nuser-1 ") < out().indexOf("\nuser-10 "), "printed in order: " + out());
        List<FakeProduct.Received> reported = interactions();
        assertEquals(10, reported.size());
        assertTrue(
                reported.get(0).body().contains("\"msgType\":\"text\""),
                reported.get(0).body());
    }

    @Test
    void aClickIsReportedAsAnEventAndAViewIsNot() {
        product(registryJson("safe", KEY), m -> "success");
        assertEquals(0, run("send", "--appid", APPID, "--from", "u1", "--click", "BILL"), out() + err());
        assertEquals(0, run("send", "--appid", APPID, "--from", "u1", "--view", "https://example.com"), out() + err());
        List<FakeProduct.Received> reported = interactions();
        assertEquals(1, reported.size(), "VIEW opens no window");
        assertTrue(
                reported.get(0).body().contains("\"event\":\"CLICK\""),
                reported.get(0).body());
        assertTrue(
                reported.get(0).body().contains("\"openid\":\"u1\""),
                reported.get(0).body());
    }

    @Test
    void chatChecksItsOptions() {
        product(registryJson("safe", KEY), m -> "success");
        assertEquals(2, run("chat", "--appid", APPID, "--users", "0", "--text", "x"));
        assertEquals(2, run("chat", "--appid", APPID, "--users", "3"));
        assertEquals(2, run("chat", "--appid", APPID, "--users", "3", "--text", "x", "--prefix", "a b"));
        assertTrue(callbacks().isEmpty());
    }

    @Test
    void optionsGivenInFullSkipTheRegistry() {
        product(null, m -> "success");
        int status = run(
                "send", "--appid", APPID, "--token", TOKEN, "--mode", "plain", "--original-id", GH, "--click", "BILL");
        assertEquals(0, status, out() + err());
        assertTrue(product.received().stream().noneMatch(r -> r.path().startsWith("/sandbox/")));
        assertTrue(out().contains("reply     none"), out());
        assertEquals("BILL", fields(callbacks().get(0).body()).get("EventKey"));
    }

    @Test
    void anAccountUnknownToTheRegistryExitsTwoWithAHint() {
        product(null, m -> "success");
        assertEquals(2, run("send", "--appid", APPID, "--text", "hi"));
        assertTrue(err().contains("not in the sandbox registry"), err());
        assertTrue(err().contains("wechat-sim register"), err());
        assertTrue(callbacks().isEmpty());
    }

    @Test
    void anAnswerWeChatWouldRefuseExitsOne() {
        product.answer(r -> r.path().equals(REGISTRY)
                ? FakeProduct.Answer.ok(registryJson("plain", null))
                : new FakeProduct.Answer(500, "{\"error\":\"internal error\"}", 0));
        assertEquals(1, run("send", "--appid", APPID, "--text", "hi"));
        assertTrue(out().contains("PROBLEM   HTTP 500"), out());
    }

    @Test
    void eachKindOfMessageIsBuiltFromItsOptions() {
        product(registryJson("plain", null), m -> "success");
        assertEquals(0, run("send", "--appid", APPID, "--subscribe", "--scene", "123"));
        assertEquals(0, run("send", "--appid", APPID, "--event", "VIEW", "--key", "http://h5/bill"));
        assertEquals(0, run("send", "--appid", APPID, "--location", "23.1", "113.2", "--label", "营业厅"));
        assertEquals(0, run("send", "--appid", APPID, "--image", "http://p/1.jpg"));
        assertEquals(0, run("send", "--appid", APPID, "--voice", "--recognition", "话费"));
        assertEquals(0, run("send", "--appid", APPID, "--event", "scancode_push", "--key", "rselfmenu_0_1"));
        assertEquals(
                0, run("send", "--appid", APPID, "--mass-finish", "send success", "--counts", "10", "2", "8", "0"));

        List<Map<String, String>> sent =
                callbacks().stream().map(r -> fields(r.body())).toList();
        assertEquals("subscribe", sent.get(0).get("Event"));
        assertEquals("qrscene_123", sent.get(0).get("EventKey"));
        assertEquals("VIEW", sent.get(1).get("Event"));
        assertEquals("http://h5/bill", sent.get(1).get("EventKey"));
        assertEquals("location", sent.get(2).get("MsgType"));
        assertEquals("23.1", sent.get(2).get("Location_X"));
        assertEquals("113.2", sent.get(2).get("Location_Y"));
        assertEquals("营业厅", sent.get(2).get("Label"));
        assertEquals("image", sent.get(3).get("MsgType"));
        assertEquals("http://p/1.jpg", sent.get(3).get("PicUrl"));
        assertEquals("voice", sent.get(4).get("MsgType"));
        assertEquals("话费", sent.get(4).get("Recognition"));
        assertEquals("scancode_push", sent.get(5).get("Event"));
        assertEquals("MASSSENDJOBFINISH", sent.get(6).get("Event"));
        assertEquals("8", sent.get(6).get("SentCount"));
        sent.forEach(m -> assertEquals(GH, m.get("ToUserName")));
        sent.forEach(m -> assertEquals("sandbox-user", m.get("FromUserName")));
    }

    @Test
    void repeatDeliversTheSameSignedCallbackInParallel() {
        product(registryJson("compat", KEY), m -> "success");
        assertEquals(0, run("send", "--appid", APPID, "--text", "again", "--repeat", "3", "--parallel"));
        List<FakeProduct.Received> callbacks = callbacks();
        assertEquals(3, callbacks.size());
        assertEquals(
                1, callbacks.stream().map(FakeProduct.Received::uri).distinct().count());
        assertEquals(
                1, callbacks.stream().map(FakeProduct.Received::body).distinct().count());
        assertTrue(out().contains("delivered 3 times, parallel"), out());
        assertTrue(out().contains("delivery  #3"), out());
    }

    @Test
    void newsRepliesAreListed() {
        product(
                registryJson("plain", null),
                m -> "<xml><ToUserName><![CDATA[" + m.get("FromUserName")
                        + "]]></ToUserName><FromUserName><![CDATA[" + m.get("ToUserName")
                        + "]]></FromUserName><CreateTime>1</CreateTime><MsgType><![CDATA[news]]></MsgType>"
                        + "<ArticleCount>1</ArticleCount><Articles><item><Title><![CDATA[话费查询]]></Title>"
                        + "<Description><![CDATA[本月话费]]></Description><Url><![CDATA[http://h5/bill]]></Url></item>"
                        + "</Articles></xml>");
        assertEquals(0, run("send", "--appid", APPID, "--click", "BILL"));
        assertTrue(out().contains("reply     news, 1 article"), out());
        assertTrue(out().contains("1. 话费查询  <http://h5/bill>"), out());
        assertTrue(out().contains("本月话费"), out());
    }

    @Test
    void handshakeReportsWhetherTheEchostrCameBack() {
        product.answer(r -> r.path().equals(REGISTRY)
                ? FakeProduct.Answer.ok(registryJson("plain", null))
                : FakeProduct.Answer.ok(r.query().get("echostr")));
        assertEquals(0, run("handshake", "--appid", APPID, "--echostr", "42"));
        assertTrue(out().contains("echoed"), out());
        product.answer(r -> r.path().equals(REGISTRY)
                ? FakeProduct.Answer.ok(registryJson("plain", null))
                : new FakeProduct.Answer(403, "", 0));
        assertEquals(1, run("handshake", "--appid", APPID));
        assertTrue(out().contains("FAILED, HTTP 403"), out());
    }

    @Test
    void registerPutsTheAccountIntoTheRegistry() {
        product.answer(r -> new FakeProduct.Answer(201, r.body(), 0));
        assertEquals(
                0,
                run(
                        "register",
                        "--appid",
                        APPID,
                        "--token",
                        TOKEN,
                        "--aes-key",
                        KEY,
                        "--mode",
                        "compat",
                        "--name",
                        "营业厅"));
        FakeProduct.Received put = product.received().get(0);
        assertEquals("PUT", put.method());
        assertEquals(REGISTRY, put.path());
        Object json = PlainJson.parse(put.body());
        assertEquals(
                Map.of(
                        "name",
                        "营业厅",
                        "token",
                        TOKEN,
                        "aesKey",
                        KEY,
                        "mode",
                        "compat",
                        "originalId",
                        CallbackMessages.originalIdFor(APPID)),
                json);
    }

    @Test
    void usageErrorsExitTwoBeforeAnythingIsSent() {
        product(registryJson("plain", null), m -> "success");
        assertUsage("", new String[0]);
        assertUsage("say what to send", "send", "--appid", APPID);
        assertUsage("one message at a time", "send", "--appid", APPID, "--text", "a", "--click", "B");
        assertUsage("unknown option '--bogus'", "send", "--appid", APPID, "--bogus");
        assertUsage("--location needs 2 values", "send", "--appid", APPID, "--location", "23.1");
        assertUsage("latitude must be a number", "send", "--appid", APPID, "--location", "north", "113");
        assertUsage("appid must be", "send", "--appid", "wx1", "--text", "a");
        assertUsage("--repeat is 1 to 4", "send", "--appid", APPID, "--text", "a", "--repeat", "5");
        assertUsage("--appid is required", "send", "--text", "a");
        assertUsage("unknown command 'fly'", "fly", "--appid", APPID);
        assertTrue(callbacks().isEmpty());
        assertEquals(0, run("--help"));
        assertTrue(out().contains("usage: wechat-sim"));
    }

    private void assertUsage(String message, String... args) {
        err.reset();
        assertEquals(2, run(args), String.join(" ", args));
        assertTrue(err().contains(message), err());
    }
}
