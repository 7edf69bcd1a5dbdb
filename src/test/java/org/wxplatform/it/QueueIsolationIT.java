package org.wxplatform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.wxplatform.it.async.SlowEcho;
import org.wxplatform.it.tx.OrderText;
import org.wxplatform.sandbox.wechat.CallbackMode;
import org.wxplatform.sandbox.wechat.CallbackSimulator;
import org.wxplatform.sandbox.wechat.Delivery;

/**
 * The work queues under a bad day (SPEC §10): a message that cannot be processed is taken out of its
 * shard as a dead letter that operators see, and the shard goes on; carrier orders stuck on a slow
 * carrier never hold the threads the async replies run on.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class QueueIsolationIT {

    static final String KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    static final String TOKEN = "qToken1";
    static final String SECRET = "0123456789abcdef0123456789abcdef";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.product()
                .addClasses(OrderText.class, SlowEcho.class, SlowEcho.Responder.class, SlowEcho.Handler.class);
    }

    @ArquillianResource
    URL base;

    @AfterEach
    void carrierBackToNormal() throws Exception {
        carrier("{\"down\":false,\"failureRate\":0.0,\"orderLatencyMinMs\":2000,\"orderLatencyMaxMs\":8000}");
    }

    @Test
    void anUnreadableMessageBecomesAVisibleDeadLetterAndItsShardGoesOn() throws Exception {
        carrier("{\"orderLatencyMinMs\":50,\"orderLatencyMaxMs\":100}");
        String marker = "poison-" + UUID.randomUUID();
        String superAdmin = Http.basic(TestEnv.ADMIN, TestEnv.adminPassword());
        try (Connection c = rabbit();
                Channel ch = c.createChannel()) {
            for (int shard = 0; shard < 8; shard++) {
                ch.basicPublish(
                        "",
                        "wxp.tx." + shard,
                        new com.rabbitmq.client.AMQP.BasicProperties.Builder()
                                .deliveryMode(2)
                                .messageId(marker + "-" + shard)
                                .build(),
                        (marker + " on shard " + shard).getBytes(StandardCharsets.UTF_8));
            }
        }
        // every shard still serves orders
        String appid = TestEnv.safeAccount(new Http(base), "队列", SECRET, TOKEN, KEY);
        CallbackSimulator wechat = new CallbackSimulator(base.toString(), appid, TOKEN, KEY, CallbackMode.SAFE, null);
        for (int i = 0; i < 16; i++) {
            Delivery d = wechat.send(
                    wechat.messages().text("oQ" + i, OrderText.PREFIX + TransactionIT.phone() + " SMS_100"));
            assertNull(d.problem(), d.problem());
        }
        for (int i = 0; i < 16; i++) {
            assertEquals(1, awaitInbox(appid, "oQ" + i, "template", 1, 60_000).size(), "oQ" + i + " told");
        }
        // ... and the operators see each poison message with its error, none lost
        HttpResponse<String> r = new Http(base).get("/api/admin/dead-letters?limit=1000", superAdmin);
        assertEquals(200, r.statusCode(), r.body());
        int found = 0;
        for (JsonValue v : Json.createReader(new StringReader(r.body())).readArray()) {
            JsonObject l = v.asJsonObject();
            if (l.getString("body").startsWith(marker)) {
                found++;
                assertTrue(l.getString("error").startsWith("unreadable"), l.toString());
                assertTrue(l.getString("queue").startsWith("wxp.tx."), l.toString());
            }
        }
        assertEquals(8, found, "dead letters of the 8 poison messages: " + r.body());
        // an ADMIN reads them, only a SUPER_ADMIN puts one back
        assertEquals(401, new Http(base).get("/api/admin/dead-letters", null).statusCode());
    }

    @Test
    void asyncRepliesKeepTheirPaceWhileEveryTransactionShardWaitsOnASlowCarrier() throws Exception {
        carrier("{\"orderLatencyMinMs\":9000,\"orderLatencyMaxMs\":9000}");
        String appid = TestEnv.safeAccount(new Http(base), "隔离", SECRET, TOKEN, KEY);
        CallbackSimulator wechat = new CallbackSimulator(base.toString(), appid, TOKEN, KEY, CallbackMode.SAFE, null);
        // warm the async path once
        assertNull(wechat.send(wechat.messages().text("oWarm", SlowEcho.PREFIX + " 预热"))
                .problem());
        awaitInbox(appid, "oWarm", "kf", 1, 30_000);
        // orders from enough subscribers to occupy every transaction shard with a 9 s carrier call
        for (int i = 0; i < 24; i++) {
            assertNull(wechat.send(
                            wechat.messages().text("oBusy" + i, OrderText.PREFIX + TransactionIT.phone() + " SMS_100"))
                    .problem());
        }
        Thread.sleep(1500); // the carrier calls are under way
        long sent = System.nanoTime();
        assertNull(wechat.send(wechat.messages().text("oAsync", SlowEcho.PREFIX + " 话费"))
                .problem());
        awaitInbox(appid, "oAsync", "kf", 1, 30_000);
        long ms = (System.nanoTime() - sent) / 1_000_000;
        System.out.println("async reply with every tx shard busy on a 9 s carrier: " + ms + " ms (work "
                + SlowEcho.WORK_MILLIS + " ms)");
        assertTrue(ms < SlowEcho.WORK_MILLIS + 4000, "the async reply waited " + ms + " ms behind the carrier calls");
    }

    // ---- helpers

    private static Connection rabbit() throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        f.setUri(System.getenv().getOrDefault("WXP_RABBIT_URL", "amqp://guest:guest@127.0.0.1:5672/wxp_test"));
        return f.newConnection("queue-isolation-it");
    }

    private void carrier(String config) throws Exception {
        HttpResponse<String> r = new Http(base).json("POST", "/sandbox/carrier/control", null, config);
        assertEquals(200, r.statusCode(), r.body());
    }

    private List<JsonObject> awaitInbox(String appid, String openid, String kind, int count, long limitMs)
            throws Exception {
        long deadline = System.currentTimeMillis() + limitMs;
        List<JsonObject> got;
        do {
            got = new ArrayList<>();
            var r = new Http(base).get("/sandbox/wechat/users/" + appid + "/" + openid + "/inbox", null);
            assertEquals(200, r.statusCode(), r.body());
            JsonArray inbox = Json.createReader(new StringReader(r.body())).readArray();
            for (JsonValue v : inbox) {
                if (kind.equals(v.asJsonObject().getString("kind", ""))) {
                    got.add(v.asJsonObject());
                }
            }
            if (got.size() >= count) {
                return got;
            }
            Thread.sleep(200);
        } while (System.currentTimeMillis() < deadline);
        throw new AssertionError(openid + " got " + got.size() + " " + kind + " messages, expected " + count);
    }
}
