package org.wxplatform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.wxplatform.account.AccountService;
import org.wxplatform.account.SecretReseal;
import org.wxplatform.account.domain.AccountSettings;
import org.wxplatform.account.domain.MessageMode;
import org.wxplatform.message.dedupe.ReceiptPurge;
import org.wxplatform.platform.rabbit.RabbitBroker;
import org.wxplatform.platform.scheduler.Scheduling;
import org.wxplatform.platform.secret.SecretBox;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;

/** The WAR inside WildFly writes and reads MySQL, Redis and RabbitMQ, and runs the scheduler. */
@ExtendWith(ArquillianExtension.class)
class PlatformIT {

    @Deployment
    static WebArchive deployment() {
        return Deployments.product();
    }

    @Resource(lookup = "java:jboss/datasources/WxpDS")
    DataSource dataSource;

    @Inject
    AccountService accounts;

    @Inject
    JedisPool jedisPool;

    @Inject
    RabbitBroker rabbit;

    @Inject
    Scheduling scheduling;

    @Inject
    ReceiptPurge receiptPurge;

    @Inject
    SecretReseal reseal;

    private String[] storedSecrets(String appid) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT secret, token, aes_key FROM wx_account WHERE appid = ?")) {
            ps.setString(1, appid);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                return new String[] {rs.getString(1), rs.getString(2), rs.getString(3)};
            }
        }
    }

    @Test
    void accountSecretsAreSealedAtRestAndClearRowsAreSealedAgain() throws Exception {
        if (!SecretBox.configured().sealing()) {
            TestEnv.cannotRun("PlatformIT", "WXP_SECRET_KEY is set by scripts/test");
        }
        String appid = TestEnv.newAppid();
        String secret = "0123456789abcdef0123456789abcdef";
        String aesKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
        accounts.upsert(appid, new AccountSettings("密钥", secret, "tokenSealed1", aesKey, MessageMode.SAFE));
        for (String stored : storedSecrets(appid)) {
            assertTrue(stored.startsWith(SecretBox.PREFIX), "sealed in the database: " + stored);
            assertFalse(stored.contains(secret) || stored.contains("tokenSealed1") || stored.contains(aesKey));
        }
        assertEquals(secret, accounts.find(appid).orElseThrow().getSecret(), "read back in clear");

        // a row from before the key was set: clear values, sealed again by the start-up job
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "UPDATE wx_account SET secret = ?, token = ?, aes_key = ? WHERE appid = ?")) {
            ps.setString(1, secret);
            ps.setString(2, "tokenSealed1");
            ps.setString(3, aesKey);
            ps.setString(4, appid);
            assertEquals(1, ps.executeUpdate());
        }
        assertTrue(reseal.reseal(SecretBox.configured())[0] >= 1);
        String[] after = storedSecrets(appid);
        assertTrue(SecretBox.configured().isCurrent(after[0]) && SecretBox.isSealed(after[0]));
        assertEquals(aesKey, SecretBox.configured().open(after[2]));
        assertEquals("tokenSealed1", SecretBox.configured().open(after[1]));
        assertTrue(accounts.delete(appid));
    }

    @Test
    void mysqlKeepsUtf8mb4ThroughJpaAndJdbc() throws Exception {
        String appid = TestEnv.newAppid();
        String name = "营业厅 😀🎉 客服";
        accounts.upsert(
                appid,
                new AccountSettings(
                        name,
                        "0123456789abcdef0123456789abcdef",
                        "token123",
                        "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
                        MessageMode.SAFE));
        assertEquals(name, accounts.find(appid).orElseThrow().getName());
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT name FROM wx_account WHERE appid = ?")) {
            ps.setString(1, appid);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                assertEquals(name, rs.getString(1), "the emoji survive the database, not only the cache");
            }
        }
        assertEquals(
                AccountService.Outcome.UNCHANGED,
                accounts.upsert(
                        appid,
                        new AccountSettings(
                                name,
                                "0123456789abcdef0123456789abcdef",
                                "token123",
                                "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
                                MessageMode.SAFE)));
        assertTrue(accounts.delete(appid));
    }

    @Test
    void redisWritesAndReads() {
        String key = "it:" + UUID.randomUUID();
        try (Jedis jedis = jedisPool.getResource()) {
            jedis.setex(key, 60, "昵称😀");
            assertEquals("昵称😀", jedis.get(key));
            jedis.del(key);
        }
    }

    @Test
    void rabbitPublishesWithConfirmAndDelivers() throws Exception {
        String queue = "it." + UUID.randomUUID();
        try (Channel channel = rabbit.openChannel()) {
            channel.queueDeclare(queue, true, false, false, null);
            try {
                byte[] body = "{\"hello\":\"世界😀\"}".getBytes(StandardCharsets.UTF_8);
                rabbit.publish("", queue, null, body);
                GetResponse got = null;
                for (int i = 0; i < 50 && got == null; i++) {
                    got = channel.basicGet(queue, false);
                    if (got == null) {
                        Thread.sleep(50);
                    }
                }
                assertNotNull(got, "the confirmed message is in the queue");
                assertEquals(
                        new String(body, StandardCharsets.UTF_8), new String(got.getBody(), StandardCharsets.UTF_8));
                assertEquals(2, got.getProps().getDeliveryMode(), "persistent");
                channel.basicAck(got.getEnvelope().getDeliveryTag(), false);
            } finally {
                channel.queueDelete(queue);
            }
        }
    }

    @Test
    void unroutableMessageIsRefusedNotLost() throws Exception {
        try {
            rabbit.publish("", "no-such-queue-" + UUID.randomUUID(), null, new byte[] {1});
            throw new AssertionError("publishing to nowhere must fail");
        } catch (java.io.IOException expected) {
            assertTrue(expected.getMessage().contains("no queue"), expected.getMessage());
        }
    }

    @Test
    void schedulerIsClusteredAndRunning() throws Exception {
        assertTrue(scheduling.isUp());
        var meta = scheduling.require().getMetaData();
        assertTrue(meta.isJobStoreClustered());
        assertTrue(meta.isJobStoreSupportsPersistence());
    }

    @Test
    void messageReceiptsPastTheRetryWindowArePurgedByAScheduledJob() throws Exception {
        String appid = TestEnv.newAppid();
        Instant now = Instant.now();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO msg_receipt (appid, msg_key, state, reply, created_at) VALUES (?, ?, 'D', 'success', ?)")) {
            for (int i = 0; i < 2500; i++) {
                ps.setString(1, appid);
                ps.setString(2, "old-" + i);
                ps.setTimestamp(3, Timestamp.from(now.minus(Duration.ofHours(3))));
                ps.addBatch();
            }
            ps.setString(1, appid);
            ps.setString(2, "recent");
            ps.setTimestamp(3, Timestamp.from(now.minus(Duration.ofMinutes(5))));
            ps.addBatch();
            ps.executeBatch();
        }
        ReceiptPurge.Purged purged = receiptPurge.purge(now);
        assertTrue(purged.receipts() >= 2500, "old receipts deleted in batches: " + purged);
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT msg_key FROM msg_receipt WHERE appid = ?")) {
            ps.setString(1, appid);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                assertEquals("recent", rs.getString(1), "a receipt inside the window stays");
                assertTrue(!rs.next());
            }
        }
        assertTrue(scheduling.require().checkExists(org.quartz.TriggerKey.triggerKey("message-receipt-purge", "wxp")));
    }
}
