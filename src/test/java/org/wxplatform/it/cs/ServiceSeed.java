package org.wxplatform.it.cs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.wxplatform.it.Http;
import org.wxplatform.it.TestEnv;
import org.wxplatform.sandbox.wechat.CallbackMode;
import org.wxplatform.sandbox.wechat.CallbackSimulator;
import org.wxplatform.sandbox.wechat.Delivery;

/**
 * The known set of questions and sessions the records tests seed, with the counts they must show. The
 * auto-reply's misses go in as real signed callbacks through the sandbox's simulator (the account has no
 * keywords, so every text misses); session texts are fired as {@link
 * org.wxplatform.customerservice.agent.QuestionAsked} in the server ({@link QuestionSeed}); the sessions
 * themselves are rows of {@code cs_session} and {@code cs_session_message}.
 */
public final class ServiceSeed {

    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    public static final String SECRET = "0123456789abcdef0123456789abcdef";
    public static final String KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    public static final String TOKEN = "csStatsTok1";

    /** A question's expected figures today. */
    public record Expected(String normalized, String sample, long misses, long asked) {
        public long total() {
            return misses + asked;
        }
    }

    /** Today's questions, most frequent first (the order the statistics show them in). */
    public static final List<Expected> TODAY = List.of(
            new Expected("营业厅在哪", "营业厅在哪？", 3, 2),
            new Expected("怎么退订", "怎么退订", 0, 4),
            new Expected("wifi密码", "ＷｉＦｉ密码", 2, 1),
            new Expected("查询余额", "查询余额。", 1, 0));

    /** Asked ten days ago in a session: outside a range of today, inside one of the last eleven days. */
    public static final String OLD_QUESTION = "怎么退订？";

    private ServiceSeed() {}

    public static String tag() {
        return Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
    }

    /** Seeds the questions of {@link #TODAY} (and the old one) for a fresh account; answers its appid. */
    public static String questions(URL base, Http http) throws Exception {
        String appid = TestEnv.safeAccount(http, "客服统计", SECRET, TOKEN, KEY);
        CallbackSimulator wechat = new CallbackSimulator(base.toString(), appid, TOKEN, KEY, CallbackMode.SAFE, null);
        String u = "oQ" + tag();
        // misses: the one text a subscriber sends is counted once, however often WeChat delivers it
        miss(wechat, u + "1", "营业厅在哪？");
        miss(wechat, u + "2", "营业厅 在哪");
        for (Delivery d : wechat.deliverRepeatedly(
                wechat.messages().text(u + "3", "营业厅在哪"), 3, CallbackSimulator.Order.SEQUENTIAL)) {
            assertNull(d.problem(), d.problem());
        }
        miss(wechat, u + "1", "ＷｉＦｉ密码");
        miss(wechat, u + "2", "wifi 密码！");
        miss(wechat, u + "1", "查询余额。");
        miss(wechat, u + "4", "？？"); // nothing countable
        // session texts
        long now = Instant.now().getEpochSecond();
        ask(http, appid, u + "5", "营业厅在哪", now);
        ask(http, appid, u + "6", "营业厅，在哪", now);
        for (int i = 0; i < 4; i++) {
            ask(http, appid, u + "7", i % 2 == 0 ? "怎么退订" : "怎么 退订?", now);
        }
        ask(http, appid, u + "5", "WiFi密码", now);
        ask(http, appid, u + "8", OLD_QUESTION, now - 10 * 86_400);
        return appid;
    }

    private static void miss(CallbackSimulator wechat, String user, String text) {
        Delivery d = wechat.send(wechat.messages().text(user, text));
        assertNull(d.problem(), d.problem());
        assertEquals(200, d.status(), d.body());
        assertEquals("text", d.msgType(), "the miss hint: " + d.body());
    }

    static void ask(Http http, String appid, String openid, String text, long createTime) throws Exception {
        String form =
                "appid=" + enc(appid) + "&openid=" + enc(openid) + "&text=" + enc(text) + "&createTime=" + createTime;
        var r = http.send("POST", "/it/questions", null, "application/x-www-form-urlencoded", form);
        assertEquals(204, r.statusCode(), r.body());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** The seeded sessions of one account, with the figures they must give. */
    public record Sessions(
            String appid,
            String agentA,
            String agentB,
            LocalDate day,
            List<Long> ids,
            Map<Long, List<String>> transcripts) {}

    /**
     * Five sessions of a fresh account on {@code day} (Beijing time) and one three days before:
     * <ul>
     *   <li>agent A: two closed sessions, waits 20 s and 40 s, handling 300 s and 100 s, 5 messages in, 3 out;
     *   <li>agent B: one open session (wait 60 s, in 1, out 1) on the day, one closed three days before;
     *   <li>one subscriber still waiting.
     * </ul>
     */
    public static Sessions sessions(DataSource db, String appid, LocalDate day) throws Exception {
        String t = tag();
        String a = "agent-a-" + t;
        String b = "agent-b-" + t;
        Instant t0 = day.atTime(10, 0).atZone(ZONE).toInstant();
        List<Long> ids = new ArrayList<>();
        Map<Long, List<String>> transcripts = new LinkedHashMap<>();
        try (Connection c = db.getConnection()) {
            long s1 = session(c, appid, "oU1" + t, 'C', a, t0, t0.plusSeconds(20), t0.plusSeconds(320), 3, 2);
            transcripts.put(s1, messages(c, s1, a, t0, "I:营业厅在哪", "O:您好，请问哪个区？", "I:天河区", "O:天河路1号", "I:谢谢"));
            long s2 = session(
                    c, appid, "oU2" + t, 'C', a, t0.plusSeconds(60), t0.plusSeconds(100), t0.plusSeconds(200), 2, 1);
            transcripts.put(s2, messages(c, s2, a, t0.plusSeconds(100), "I:怎么退订", "O:回复TD即可", "I:好的"));
            long s3 = session(c, appid, "oU3" + t, 'A', b, t0.plusSeconds(120), t0.plusSeconds(180), null, 1, 1);
            transcripts.put(s3, messages(c, s3, b, t0.plusSeconds(180), "I:=SUM(A1)", "O:请稍等"));
            long s4 = session(c, appid, "oU4" + t, 'W', null, t0.plusSeconds(300), null, null, 0, 0);
            Instant earlier = t0.minusSeconds(3 * 86_400);
            long s5 = session(
                    c, appid, "oU5" + t, 'C', b, earlier, earlier.plusSeconds(5), earlier.plusSeconds(50), 4, 4);
            ids.addAll(List.of(s1, s2, s3, s4, s5));
        }
        return new Sessions(appid, a, b, day, ids, transcripts);
    }

    private static long session(
            Connection c,
            String appid,
            String openid,
            char state,
            String agent,
            Instant entered,
            Instant taken,
            Instant closed,
            int in,
            int out)
            throws Exception {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO cs_session (appid, openid, state, agent, entered_at, taken_at, closed_at, closed_by,"
                        + " last_user_at, messages_in, messages_out, transfers, open_key)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, appid);
            ps.setString(2, openid);
            ps.setString(3, String.valueOf(state));
            ps.setString(4, agent);
            ps.setTimestamp(5, Timestamp.from(entered));
            ps.setTimestamp(6, taken == null ? null : Timestamp.from(taken));
            ps.setTimestamp(7, closed == null ? null : Timestamp.from(closed));
            ps.setString(8, closed == null ? null : "agent");
            // a chat still going on spoke just now (the sweeper closes active chats silent for ten minutes)
            ps.setTimestamp(9, Timestamp.from(state == 'A' ? Instant.now() : entered));
            ps.setInt(10, in);
            ps.setInt(11, out);
            ps.setString(12, state == 'C' ? null : appid + " " + openid);
            ps.executeUpdate();
            try (ResultSet rs = ps.getGeneratedKeys()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Messages "I:text" / "O:text", one second apart from {@code start}; answers the texts in order. */
    private static List<String> messages(Connection c, long session, String agent, Instant start, String... lines)
            throws Exception {
        List<String> texts = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO cs_session_message (session_id, direction, msg_type, content, agent, source_key,"
                        + " created_at, delivery) VALUES (?, ?, 'text', ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < lines.length; i++) {
                char direction = lines[i].charAt(0);
                String text = lines[i].substring(2);
                ps.setLong(1, session);
                ps.setString(2, String.valueOf(direction));
                ps.setString(3, text);
                ps.setString(4, direction == 'O' ? agent : null);
                ps.setString(5, "it:" + session + ":" + i);
                ps.setTimestamp(6, Timestamp.from(start.plusSeconds(i)));
                ps.setString(7, direction == 'O' ? "D" : null);
                ps.executeUpdate();
                texts.add(text);
            }
        }
        return texts;
    }
}
