package org.wxplatform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;
import org.wxplatform.log.mail.DailyMailer;
import org.wxplatform.platform.db.Migrations;
import org.wxplatform.platform.scheduler.Scheduling;

/**
 * The daily mail against the real database and a real SMTP server (GreenMail), outside the application
 * server: {@link DailyMailer} is the code the product's job and API run. A day's rows are seeded
 * directly; the mail's figures are compared with counts the test takes with SQL; an SMTP server that is
 * down, two nodes racing and two clustered schedulers each come to one mail.
 */
class DailyMailIT {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final List<InternetAddress> TO = List.of(address("ops@wxp.test"), address("noc@wxp.test"));
    static final Map<String, DailyMailer> NODES = new ConcurrentHashMap<>();
    static final Map<String, DailyMailer.Outcome> JOB_OUTCOMES = new ConcurrentHashMap<>();

    static DataSource dataSource;
    GreenMail smtp;

    @BeforeAll
    static void schema() {
        Migrations.migrate(database());
    }

    /** The test database (the test server's), for seeding from outside the server. */
    static synchronized DataSource database() {
        if (dataSource == null) {
            var ds = new com.mysql.cj.jdbc.MysqlDataSource();
            ds.setUrl(ClusteredSchedulerIT.url());
            ds.setUser(ClusteredSchedulerIT.user());
            ds.setPassword(ClusteredSchedulerIT.password());
            dataSource = ds;
        }
        return dataSource;
    }

    @AfterEach
    void stopSmtp() {
        if (smtp != null) {
            smtp.stop();
        }
    }

    @Test
    void theMailsFiguresAreTheTablesCounts() throws Exception {
        LocalDate day = freshDay();
        String appid = TestEnv.newAppid();
        seed(day, appid);
        int port = freePort();
        smtp = smtp(port);
        DailyMailer mailer = mailer(port, "node-a", day2 -> Map.of(appid + "/access_token", 7L));

        DailyMailer.Result r = mailer.send(day, TO);

        assertEquals(DailyMailer.Outcome.SENT, r.outcome(), String.valueOf(r.error()));
        List<MimeMessage> mails = mailsOf(day);
        assertEquals(TO.size(), mails.size(), "one mail, delivered to each recipient");
        MimeMessage m = mails.get(0);
        Map<String, String> parts = parts(m);
        String html = parts.get("html");
        assertNotNull(html, "an HTML body");

        Map<String, Long> types = csv(parts.get("messages-by-type.csv"));
        assertEquals(
                sqlCounts(
                        day,
                        "SELECT type, COUNT(*) FROM user_log_" + day.getYear()
                                + " WHERE created_at >= ? AND created_at < ? GROUP BY type"),
                types);
        assertEquals(Map.of("text", 6L, "image", 2L, "event:subscribe", 3L, "text:repeat", 1L), types);
        long total = types.values().stream().mapToLong(Long::longValue).sum();
        assertTrue(html.contains("消息与事件：" + total + " 条"), html);

        Map<String, Long> tx = csvColumns(parts.get("transactions-by-state.csv"), 0, 2);
        assertEquals(
                sqlCounts(
                        day,
                        "SELECT state, COUNT(*) FROM biz_transaction"
                                + " WHERE created_at >= ? AND created_at < ? AND appid = '" + appid
                                + "' GROUP BY state"),
                tx);
        assertEquals(Map.of("D", 3L, "F", 2L, "W", 1L), tx);

        Map<String, Long> alerts = csv(parts.get("alerts-by-kind.csv"));
        assertEquals(
                sqlCounts(
                        day,
                        "SELECT kind, COUNT(*) FROM alert WHERE raised_at >= ? AND raised_at < ?" + " GROUP BY kind"),
                alerts);
        assertEquals(Map.of("queue-depth", 2L, "token-fetch-limit", 1L), alerts);

        // 余额 three times (one full-width, one with spaces), ABC twice in two cases, 话费 once
        Map<String, Long> keywords = csvColumns(parts.get("top-keywords.csv"), 1, 2);
        assertEquals(Map.of("余额", 3L, "abc", 2L, "话费", 1L), keywords);
        assertEquals(Map.of(appid, 4L), csv(parts.get("misses.csv")));
        assertEquals(Map.of(appid + "/access_token", 7L), csv(parts.get("token-fetches.csv")));

        assertEquals("SENT", state(day));
        assertEquals(DailyMailer.Outcome.ALREADY_SENT, mailer.send(day, TO).outcome());
        assertEquals(TO.size(), mailsOf(day).size(), "a day's mail is never sent twice");
    }

    @Test
    void smtpDownIsRetriedAndSentOnceWithAnAlertFromTheThirdFailure() throws Exception {
        LocalDate day = freshDay();
        int port = freePort(); // nothing listens there yet
        AtomicInteger alarms = new AtomicInteger();
        DailyMailer mailer = new DailyMailer(
                dataSource,
                session(port),
                d -> Map.of(),
                (d, n, e) -> alarms.incrementAndGet(),
                ZONE,
                "node-a",
                Clock.systemUTC());

        for (int attempt = 1; attempt <= 3; attempt++) {
            DailyMailer.Result r = mailer.send(day, TO);
            assertEquals(DailyMailer.Outcome.FAILED, r.outcome());
            assertEquals(attempt, r.attempts());
            assertEquals("FAILED", state(day));
            assertEquals(attempt < 3 ? 0 : 1, alarms.get(), "the alert comes with the third failure");
        }
        assertNotNull(column(day, "last_error"));

        smtp = smtp(port);
        DailyMailer.Result r = mailer.send(day, TO);
        assertEquals(DailyMailer.Outcome.SENT, r.outcome(), String.valueOf(r.error()));
        assertEquals(4, r.attempts());
        assertEquals(DailyMailer.Outcome.ALREADY_SENT, mailer.send(day, TO).outcome());
        assertEquals(TO.size(), mailsOf(day).size(), "sent once after the retries");
        assertEquals(1, alarms.get());
    }

    @Test
    void twoNodesRacingSendOneMail() throws Exception {
        LocalDate day = freshDay();
        int port = freePort();
        smtp = smtp(port);
        DailyMailer a = mailer(port, "node-a", d -> Map.of());
        DailyMailer b = mailer(port, "node-b", d -> Map.of());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<DailyMailer.Result>> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            DailyMailer m = i % 2 == 0 ? a : b;
            results.add(pool.submit(() -> {
                go.await();
                return m.send(day, TO);
            }));
        }
        go.countDown();
        int sent = 0;
        for (var f : results) {
            DailyMailer.Outcome o = f.get().outcome();
            assertTrue(
                    o == DailyMailer.Outcome.SENT
                            || o == DailyMailer.Outcome.BUSY
                            || o == DailyMailer.Outcome.ALREADY_SENT,
                    o.name());
            sent += o == DailyMailer.Outcome.SENT ? 1 : 0;
        }
        pool.shutdown();
        assertEquals(1, sent, "one of eight racing sends claimed the day");
        assertEquals(TO.size(), mailsOf(day).size(), "one mail");
        assertEquals(1, ((Number) column(day, "attempts")).intValue());
    }

    @Test
    void aStaleClaimIsTakenOverAFreshOneIsNot() throws Exception {
        LocalDate day = freshDay();
        int port = freePort();
        smtp = smtp(port);
        DailyMailer mailer = mailer(port, "node-b", d -> Map.of());
        execute(
                "INSERT INTO daily_mail (day, state, attempts, claimed_by, claimed_at) VALUES (?, 'SENDING', 1,"
                        + " 'node-a/dead', ?)",
                day,
                Timestamp.from(Instant.now().minusSeconds(120)));
        assertEquals(DailyMailer.Outcome.BUSY, mailer.send(day, TO).outcome());
        assertEquals(0, mailsOf(day).size());
        execute(
                "UPDATE daily_mail SET claimed_at = ? WHERE day = ?",
                Timestamp.from(Instant.now().minusSeconds(11 * 60)),
                day);
        assertEquals(DailyMailer.Outcome.SENT, mailer.send(day, TO).outcome());
        assertEquals(TO.size(), mailsOf(day).size());
    }

    /** Two clustered schedulers, each with a trigger of its own at the same moment: one mail. */
    public static class SendJob implements Job {
        @Override
        public void execute(JobExecutionContext context) {
            String node = context.getMergedJobDataMap().getString("node");
            LocalDate day = LocalDate.parse(context.getMergedJobDataMap().getString("day"));
            try {
                JOB_OUTCOMES.put(node, NODES.get(node).send(day, TO).outcome());
            } catch (Exception e) {
                JOB_OUTCOMES.put(node, DailyMailer.Outcome.FAILED);
            }
        }
    }

    @Test
    void twoSchedulersFiringTogetherSendOneMail() throws Exception {
        LocalDate day = freshDay();
        int port = freePort();
        smtp = smtp(port);
        NODES.put("mail-a", mailer(port, "mail-a", d -> Map.of()));
        NODES.put("mail-b", mailer(port, "mail-b", d -> Map.of()));
        JOB_OUTCOMES.clear();
        Scheduler a = scheduler("mail-a");
        Scheduler b = scheduler("mail-b");
        a.clear();
        long at = System.currentTimeMillis() + 2_000;
        for (String node : List.of("mail-a", "mail-b")) {
            Scheduler s = node.equals("mail-a") ? a : b;
            s.scheduleJob(
                    JobBuilder.newJob(SendJob.class)
                            .withIdentity("daily-mail-" + node)
                            .usingJobData("node", node)
                            .usingJobData("day", day.toString())
                            .build(),
                    TriggerBuilder.newTrigger()
                            .withIdentity("daily-mail-" + node)
                            .startAt(new Date(at))
                            .withSchedule(SimpleScheduleBuilder.simpleSchedule().withRepeatCount(0))
                            .build());
        }
        a.start();
        b.start();
        try {
            long deadline = System.currentTimeMillis() + 30_000;
            while (JOB_OUTCOMES.size() < 2 && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(2, JOB_OUTCOMES.size(), "both jobs ran: " + JOB_OUTCOMES);
            assertEquals(
                    1,
                    JOB_OUTCOMES.values().stream()
                            .filter(o -> o == DailyMailer.Outcome.SENT)
                            .count(),
                    JOB_OUTCOMES.toString());
            assertEquals(TO.size(), mailsOf(day).size(), "one mail");
        } finally {
            a.clear();
            a.shutdown(true);
            b.shutdown(true);
        }
    }

    // ---- helpers ----

    private static Scheduler scheduler(String name) throws Exception {
        Properties p = Scheduling.clusteredProperties("wxp-mail-it", "2");
        p.setProperty("org.quartz.scheduler.instanceId", name);
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", "1000");
        p.setProperty(
                "org.quartz.dataSource.wxp.connectionProvider.class",
                ClusteredSchedulerIT.DriverManagerProvider.class.getName());
        p.remove("org.quartz.threadPool.threadsInheritContextClassLoaderOfInitializingThread");
        return new StdSchedulerFactory(p).getScheduler();
    }

    /** A past day (the API sends only finished days) that no other test uses. */
    static LocalDate pastDay() {
        return LocalDate.of(2001, 1, 1).plusDays(ThreadLocalRandom.current().nextInt(8_000));
    }

    /** A day no other test (nor the product's own job) uses. */
    static LocalDate freshDay() {
        return LocalDate.of(2040, 1, 1).plusDays(ThreadLocalRandom.current().nextInt(20_000));
    }

    static void seed(LocalDate day, String appid) throws Exception {
        String log = "user_log_" + day.getYear();
        try (Connection c = database().getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + log + " LIKE user_log_template");
        }
        Instant start = day.atStartOfDay(ZONE).toInstant();
        Instant end = day.plusDays(1).atStartOfDay(ZONE).toInstant();
        String[][] rows = {
            {"text", "余额"},
            {"text", " 余额 "},
            {"text", "余额"},
            {"text", "ABC"},
            {"text", "abc"},
            {"text", "话费"},
            {"text:repeat", "余额"},
            {"image", "http://x/1.jpg"},
            {"image", "http://x/2.jpg"},
            {"event:subscribe", ""},
            {"event:subscribe", ""},
            {"event:subscribe", ""}
        };
        int i = 0;
        for (String[] r : rows) {
            // spread over the day, the first one at its first second
            Instant at = start.plusSeconds(i * 7_000L);
            execute(
                    "INSERT INTO " + log + " (appid, openid, kind, type, msg_key, content, created_at)"
                            + " VALUES (?, 'o1', ?, ?, ?, ?, ?)",
                    appid,
                    r[0].startsWith("event") ? "event" : "message",
                    r[0],
                    "k" + i,
                    r[1],
                    Timestamp.from(at));
            i++;
        }
        // just outside the day on both sides
        execute(
                "INSERT INTO " + log + " (appid, openid, kind, type, msg_key, content, created_at)"
                        + " VALUES (?, 'o1', 'message', 'text', 'before', '余额', ?)",
                appid,
                Timestamp.from(start.minusSeconds(1)));
        execute(
                "INSERT INTO " + log + " (appid, openid, kind, type, msg_key, content, created_at)"
                        + " VALUES (?, 'o1', 'message', 'text', 'after', '余额', ?)",
                appid,
                Timestamp.from(end));
        String[] states = {"D", "D", "D", "F", "F", "W"};
        for (int t = 0; t < states.length; t++) {
            transaction(appid, states[t], start.plusSeconds(60L * t));
        }
        transaction(appid, "F", end.plusSeconds(5));
        String[] kinds = {"queue-depth", "queue-depth", "token-fetch-limit"};
        for (String kind : kinds) {
            execute(
                    "INSERT INTO alert (kind, subject, detail, node, raised_at) VALUES (?, 'it', 'seeded', 'it', ?)",
                    kind,
                    Timestamp.from(start.plusSeconds(3_600)));
        }
        execute(
                "INSERT INTO alert (kind, subject, detail, node, raised_at) VALUES ('queue-depth', 'it', 'seeded',"
                        + " 'it', ?)",
                Timestamp.from(end.plusSeconds(1)));
        execute("INSERT INTO msg_miss_daily (day, appid, misses) VALUES (?, ?, 4)", day, appid);
    }

    static void transaction(String appid, String state, Instant at) throws Exception {
        String key = "daily-it-" + java.util.UUID.randomUUID();
        execute(
                "INSERT INTO biz_transaction (request_key, appid, openid, phone, kind, product_code, title, state,"
                        + " created_at, updated_at) VALUES (?, ?, 'o1', '13800000000', 'data', 'p1', '流量包', ?, ?, ?)",
                key,
                appid,
                state,
                Timestamp.from(at),
                Timestamp.from(at));
    }

    static void execute(String sql, Object... args) throws Exception {
        try (Connection c = database().getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        }
    }

    static Map<String, Long> sqlCounts(LocalDate day, String sql) throws Exception {
        Map<String, Long> out = new LinkedHashMap<>();
        try (Connection c = database().getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setTimestamp(1, Timestamp.from(day.atStartOfDay(ZONE).toInstant()));
            ps.setTimestamp(2, Timestamp.from(day.plusDays(1).atStartOfDay(ZONE).toInstant()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return out;
    }

    static String state(LocalDate day) throws Exception {
        return (String) column(day, "state");
    }

    static Object column(LocalDate day, String column) throws Exception {
        try (Connection c = database().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT " + column + " FROM daily_mail WHERE day = ?")) {
            ps.setObject(1, day);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getObject(1) : null;
            }
        }
    }

    DailyMailer mailer(int port, String node, org.wxplatform.log.mail.DailyFigures.TokenCounts tokens) {
        return new DailyMailer(dataSource, session(port), tokens, (d, n, e) -> {}, ZONE, node, Clock.systemUTC());
    }

    static Session session(int port) {
        Properties p = new Properties();
        p.setProperty("mail.transport.protocol", "smtp");
        p.setProperty("mail.smtp.host", "127.0.0.1");
        p.setProperty("mail.smtp.port", String.valueOf(port));
        p.setProperty("mail.smtp.connectiontimeout", "2000");
        p.setProperty("mail.smtp.timeout", "5000");
        p.setProperty("mail.from", "wxplatform@localhost");
        return Session.getInstance(p);
    }

    static GreenMail smtp(int port) {
        GreenMail g = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        g.start();
        return g;
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The received messages whose subject names the day. */
    List<MimeMessage> mailsOf(LocalDate day) throws Exception {
        List<MimeMessage> out = new ArrayList<>();
        if (smtp == null) {
            return out;
        }
        for (MimeMessage m : smtp.getReceivedMessages()) {
            if (m.getSubject() != null && m.getSubject().contains(day.toString())) {
                out.add(m);
            }
        }
        return out;
    }

    /** "html" and each attachment by file name, as text. */
    static Map<String, String> parts(MimeMessage m) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        Multipart mp = (Multipart) m.getContent();
        for (int i = 0; i < mp.getCount(); i++) {
            BodyPart p = mp.getBodyPart(i);
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            p.getInputStream().transferTo(b);
            String text = b.toString(StandardCharsets.UTF_8);
            if (Part.ATTACHMENT.equalsIgnoreCase(p.getDisposition()) || p.getFileName() != null) {
                assertTrue(text.startsWith("\uFEFF"), p.getFileName() + " starts with the byte-order mark");
                out.put(p.getFileName(), text.substring(1));
            } else if (p.isMimeType("text/html")) {
                out.put("html", text);
            }
        }
        return out;
    }

    static Map<String, Long> csv(String text) {
        return csvColumns(text, 0, 1);
    }

    /** Column {@code key} → column {@code value} of every row after the header (cells without quotes). */
    static Map<String, Long> csvColumns(String text, int key, int value) {
        assertNotNull(text, "attachment present");
        Map<String, Long> out = new LinkedHashMap<>();
        String[] lines = text.split("\r\n");
        for (int i = 1; i < lines.length; i++) {
            String[] cells = lines[i].split(",");
            out.put(cells[key], Long.parseLong(cells[value]));
        }
        return out;
    }

    static InternetAddress address(String a) {
        try {
            return new InternetAddress(a);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
