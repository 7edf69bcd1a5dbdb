package org.wxplatform.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

/**
 * The complaint lookups of the admin API (SPEC §6.5, §7.1, §7.5): user logs over a year boundary paged
 * by cursor and downloaded as CSV, bindings of a number that changed hands, bad input named, roles.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ComplaintLookupIT {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    /** The seeded subscriber's 230 rows: pairs sharing a second, 6 h apart, from here over New Year 2027. */
    static final LocalDateTime SEED_START = LocalDateTime.parse("2026-12-20T00:00");

    static final int ROWS = 230;
    static final String SPECIAL = "=cmd|' /C calc'!A0,\"引号\"\n第二行 中文😀";
    static final String WINDOW = "&from=2026-12-19T00:00&to=2027-01-19T00:00";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.product();
    }

    @ArquillianResource
    URL base;

    private static String superAdmin() {
        return Http.basic(TestEnv.ADMIN, TestEnv.adminPassword());
    }

    private static Connection db() throws Exception {
        return DriverManager.getConnection(
                System.getenv("WXP_DB_URL"), System.getenv("WXP_DB_USER"), System.getenv("WXP_DB_PASSWORD"));
    }

    static Instant seedTime(int i) {
        return SEED_START.plusHours(6L * (i / 2)).atZone(SHANGHAI).toInstant();
    }

    static String seedContent(int i) {
        return i == 100 ? SPECIAL : "A#" + i + " 查话费";
    }

    /** Direct inserts, into the table of each row's year (Asia/Shanghai), as the product writes them. */
    static void insert(Connection c, String appid, String openid, Instant at, String key, String content)
            throws Exception {
        int year = at.atZone(SHANGHAI).getYear();
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS user_log_" + year + " LIKE user_log_template");
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO user_log_" + year
                        + " (appid, openid, kind, type, msg_key, content, created_at) VALUES (?, ?, 'message', 'text', ?, ?, ?)")) {
            ps.setString(1, appid);
            ps.setString(2, openid);
            ps.setString(3, key);
            ps.setString(4, content);
            ps.setTimestamp(5, Timestamp.from(at));
            ps.executeUpdate();
        }
    }

    /** One subscriber's 230 rows, 40 of another subscriber, 40 of the same openid at another account. */
    static void seed(String appid, String openid, String other, String otherAppid) throws Exception {
        try (Connection c = db()) {
            for (int i = 0; i < ROWS; i++) {
                insert(c, appid, openid, seedTime(i), "seed-" + i, seedContent(i));
            }
            for (int i = 0; i < 40; i++) {
                Instant at = SEED_START.plusHours(17L * i).atZone(SHANGHAI).toInstant();
                insert(c, appid, other, at, "noise-" + i, "B#" + i);
                insert(c, otherAppid, openid, at, "noise-" + i, "C#" + i);
            }
        }
    }

    private JsonObject page(Http http, String query) throws Exception {
        HttpResponse<String> r = http.get("/api/admin/user-logs?" + query, superAdmin());
        assertEquals(200, r.statusCode(), r.body());
        return BusinessSupport.json(r.body());
    }

    /** Walks every page of {@code query}; answers the contents in order, checking each page's size. */
    private List<String> walk(Http http, String query, int limit, List<String> times) throws Exception {
        List<String> contents = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            JsonObject p = page(
                    http,
                    query + "&limit=" + limit
                            + (after == null ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8)));
            var rows = p.getJsonArray("rows");
            JsonValue next = p.get("next");
            assertNotNull(next, "next is always present");
            after = next.getValueType() == JsonValue.ValueType.NULL ? null : p.getString("next");
            if (after != null) {
                assertEquals(limit, rows.size(), "a page with a next is full");
            }
            for (JsonValue v : rows) {
                JsonObject o = v.asJsonObject();
                contents.add(o.getString("content"));
                times.add(o.getString("createdAt"));
            }
            assertTrue(++pages < 1000, "the walk ends");
        } while (after != null);
        return contents;
    }

    @Test
    void pagesWalkEveryRowOnceAcrossTheYearBoundary() throws Exception {
        Http http = new Http(base);
        String appid = TestEnv.newAppid();
        String otherAppid = TestEnv.newAppid();
        String user = BusinessSupport.openid("oLog");
        String other = BusinessSupport.openid("oNoise");
        seed(appid, user, other, otherAppid);
        String query = "appid=" + appid + "&openid=" + user + WINDOW;

        Set<String> expected = new HashSet<>();
        for (int i = 0; i < ROWS; i++) {
            expected.add(seedContent(i));
        }
        for (int limit : new int[] {50, 7}) {
            List<String> times = new ArrayList<>();
            List<String> got = walk(http, query, limit, times);
            assertEquals(ROWS, got.size(), "every row exactly once with pages of " + limit);
            assertEquals(expected, new HashSet<>(got), "no gap, no double with pages of " + limit);
            assertTrue(times.get(0).startsWith("2027-01-17T") && times.get(0).endsWith("+08:00"), times.get(0));
            assertTrue(
                    times.get(times.size() - 1).startsWith("2026-12-20T00:00:00+08:00"), times.get(times.size() - 1));
            for (int i = 1; i < times.size(); i++) {
                assertFalse(
                        OffsetDateTime.parse(times.get(i)).isAfter(OffsetDateTime.parse(times.get(i - 1))),
                        "newest first at " + i);
            }
            // a pair sharing a second comes out newest id first, whatever the page boundary
            for (int i = 0; i + 1 < got.size(); i += 2) {
                assertEquals(times.get(i), times.get(i + 1));
            }
        }
        JsonObject first = page(http, query + "&limit=50");
        assertEquals(50, first.getJsonArray("rows").size());
        JsonObject row = first.getJsonArray("rows").getJsonObject(0);
        assertEquals(appid, row.getString("appid"));
        assertEquals(user, row.getString("openid"));
        assertEquals("message", row.getString("kind"));
        assertEquals("text", row.getString("type"));
        assertTrue(row.getJsonNumber("id").longValue() > 0);

        // without the openid: the other subscriber's 40 rows too, none of the other account's
        List<String> all = walk(http, "appid=" + appid + WINDOW, 500, new ArrayList<>());
        assertEquals(ROWS + 40, all.size());
        assertEquals(40, all.stream().filter(s -> s.startsWith("B#")).count());
        assertEquals(0, all.stream().filter(s -> s.startsWith("C#")).count());
        // the same openid at the other account: only its own rows
        assertEquals(
                40,
                walk(http, "appid=" + otherAppid + "&openid=" + user + WINDOW, 500, new ArrayList<>())
                        .size());

        // a two-day range over New Year: exactly the rows in [from, to)
        Instant from = LocalDateTime.parse("2026-12-31T00:00").atZone(SHANGHAI).toInstant();
        Instant to = LocalDateTime.parse("2027-01-02T00:00").atZone(SHANGHAI).toInstant();
        Set<String> inRange = new TreeSet<>();
        for (int i = 0; i < ROWS; i++) {
            if (!seedTime(i).isBefore(from) && seedTime(i).isBefore(to)) {
                inRange.add(seedContent(i));
            }
        }
        assertEquals(16, inRange.size(), "8 seconds of 2 rows in 48 h");
        List<String> ranged = walk(
                http,
                "appid=" + appid + "&openid=" + user + "&from=2026-12-31T00:00&to=2027-01-02T00:00",
                5,
                new ArrayList<>());
        assertEquals(16, ranged.size());
        assertEquals(inRange, new TreeSet<>(ranged));
        // a range of one year only, and of a year whose table does not exist: empty, not an error
        assertEquals(
                0,
                page(http, "appid=" + appid + "&from=2030-01-01T00:00&to=2030-02-01T00:00")
                        .getJsonArray("rows")
                        .size());

        // the download: BOM, the Chinese header, exactly every row, the hostile content kept as text
        HttpResponse<byte[]> csv = http.client()
                .send(
                        HttpRequest.newBuilder(URI.create(base + "api/admin/user-logs.csv?" + query))
                                .header("Authorization", superAdmin())
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, csv.statusCode());
        assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        assertTrue(
                csv.headers()
                        .firstValue("Content-Disposition")
                        .orElse("")
                        .contains("user-log-" + appid + "-20261219T0000-20270119T0000.csv"),
                csv.headers().firstValue("Content-Disposition").orElse(""));
        byte[] body = csv.body();
        assertArrayEquals(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, java.util.Arrays.copyOf(body, 3));
        List<List<String>> records = parseCsv(new String(body, 3, body.length - 3, StandardCharsets.UTF_8));
        assertEquals(1 + ROWS, records.size());
        assertEquals(List.of("时间", "公众号", "用户", "方向", "类型", "内容"), records.get(0));
        Set<String> cells = new HashSet<>();
        for (List<String> r : records.subList(1, records.size())) {
            assertEquals(6, r.size(), r.toString());
            assertEquals(appid, r.get(1));
            assertEquals(user, r.get(2));
            cells.add(r.get(5));
        }
        assertTrue(cells.contains("'" + SPECIAL), "the formula is defused, the rest intact");
        assertTrue(cells.contains("A#0 查话费"));
        assertEquals(ROWS, cells.size());
    }

    @Test
    void explainShowsIndexReadsAndTheIndexesExist() throws Exception {
        try (Connection c = db()) {
            for (String table : new String[] {"user_log_template", "bind"}) {
                try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(DISTINCT index_name) FROM"
                        + " information_schema.statistics WHERE table_schema = DATABASE() AND table_name = ?"
                        + " AND index_name IN ('ix_user_log_app_time', 'ix_user_log_app_user_time',"
                        + " 'ix_bind_phone_id', 'ix_bind_openid_id')")) {
                    ps.setString(1, table);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        assertEquals(2, rs.getInt(1), table);
                    }
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS user_log_2026 LIKE user_log_template");
                // a page after a cursor as UserLogQuery asks for it (its index hint fails if the index is missing)
                for (String index : new String[] {"ix_user_log_app_time", "ix_user_log_app_user_time"}) {
                    try (ResultSet rs = s.executeQuery("EXPLAIN SELECT id, openid, kind, type, content, created_at"
                            + " FROM user_log_2026 FORCE INDEX (" + index + ") WHERE appid = 'wx0000000000000001'"
                            + (index.endsWith("user_time") ? " AND openid = 'o1'" : "")
                            + " AND created_at >= '2026-01-01' AND created_at < '2026-02-01'"
                            + " AND created_at <= '2026-01-15' AND (created_at < '2026-01-15' OR id < 5)"
                            + " ORDER BY created_at DESC, id DESC LIMIT 51")) {
                        rs.next();
                        assertEquals("range", rs.getString("type"), index);
                        assertEquals(index, rs.getString("key"));
                        assertFalse(String.valueOf(rs.getString("Extra")).contains("filesort"), index);
                    }
                }
            }
        }
    }

    @Test
    void callbacksShowUpAndBindingsOfANumberThatChangedHands() throws Exception {
        BusinessSupport biz = new BusinessSupport(base);
        Http http = biz.http;
        String first = BusinessSupport.openid("oFirst");
        String second = BusinessSupport.openid("oSecond");
        String phone = BusinessSupport.phone();
        biz.bind(first, phone);
        // the carrier sends one code per number and minute: lift the gate as the minute passing would
        try (Jedis jedis = new Jedis(URI.create(System.getenv("WXP_REDIS_URL")))) {
            jedis.del("wxp:sandbox:carrier:codegate:" + phone);
        }
        biz.bind(second, phone);

        // the dialogue went through real callbacks: it is in the log of the last 24 h
        List<String> said = new ArrayList<>();
        for (int tries = 0; tries < 50 && said.size() < 3; tries++) {
            said = walk(http, "appid=" + biz.appid + "&openid=" + first, 50, new ArrayList<>());
            if (said.size() < 3) {
                Thread.sleep(200);
            }
        }
        assertEquals(3, said.size(), said.toString());
        assertEquals("绑定", said.get(2), "oldest last");
        assertEquals(phone, said.get(1));

        HttpResponse<String> r = http.get("/api/admin/bindings?phone=" + phone + "&appid=" + biz.appid, superAdmin());
        assertEquals(200, r.statusCode(), r.body());
        var rows = BusinessSupport.json(r.body()).getJsonArray("rows");
        assertEquals(2, rows.size(), r.body());
        JsonObject now = rows.getJsonObject(0);
        JsonObject before = rows.getJsonObject(1);
        assertEquals(second, now.getString("openid"));
        assertTrue(now.getBoolean("current"));
        assertEquals(JsonValue.NULL, now.get("endedAt"));
        assertEquals(JsonValue.NULL, now.get("endReason"));
        assertEquals(phone, now.getString("phone"), "the number searched by is shown");
        assertEquals("WECHAT", now.getString("channel"));
        assertTrue(now.getString("boundAt").endsWith("+08:00"), now.getString("boundAt"));
        assertEquals(first, before.getString("openid"));
        assertFalse(before.getBoolean("current"));
        assertEquals("REBOUND", before.getString("endReason"));
        assertTrue(before.getString("endedAt").endsWith("+08:00"));
        assertEquals(JsonValue.NULL, BusinessSupport.json(r.body()).get("next"));

        // one row a page: two pages, then the end
        JsonObject p1 = BusinessSupport.json(http.get("/api/admin/bindings?phone=" + phone + "&limit=1", superAdmin())
                .body());
        assertEquals(second, p1.getJsonArray("rows").getJsonObject(0).getString("openid"));
        JsonObject p2 = BusinessSupport.json(
                http.get("/api/admin/bindings?phone=" + phone + "&limit=1&after=" + p1.getString("next"), superAdmin())
                        .body());
        assertEquals(first, p2.getJsonArray("rows").getJsonObject(0).getString("openid"));
        assertEquals(JsonValue.NULL, p2.get("next"));

        JsonObject byOpenid = BusinessSupport.json(
                http.get("/api/admin/bindings?openid=" + first, superAdmin()).body());
        assertEquals(1, byOpenid.getJsonArray("rows").size());
        JsonObject only = byOpenid.getJsonArray("rows").getJsonObject(0);
        assertEquals(BusinessSupport.mask(phone), only.getString("phone"), "masked when not searched by");
        assertEquals("REBOUND", only.getString("endReason"));

        HttpResponse<byte[]> csv = http.client()
                .send(
                        HttpRequest.newBuilder(URI.create(base + "api/admin/bindings.csv?phone=" + phone))
                                .header("Authorization", superAdmin())
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, csv.statusCode());
        byte[] body = csv.body();
        assertArrayEquals(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, java.util.Arrays.copyOf(body, 3));
        List<List<String>> records = parseCsv(new String(body, 3, body.length - 3, StandardCharsets.UTF_8));
        assertEquals(3, records.size(), records.toString());
        assertEquals("公众号", records.get(0).get(0));
        assertEquals(second, records.get(1).get(1));
        assertEquals("REBOUND", records.get(2).get(6));
    }

    @Test
    void badInputIsNamedAndRolesHold() throws Exception {
        Http http = new Http(base);
        String appid = TestEnv.newAppid();
        String ok = "/api/admin/user-logs?appid=" + appid;
        assertEquals(200, http.get(ok, superAdmin()).statusCode());
        String[][] bad = {
            {"/api/admin/user-logs", "appid"},
            {"/api/admin/user-logs?appid=wx123", "appid"},
            {ok + "&openid=" + "o".repeat(65), "openid"},
            {ok + "&openid=o%20x", "openid"},
            {ok + "&from=2026-13-01T00:00", "from"},
            {ok + "&from=2026-02-30T00:00", "from"},
            {ok + "&from=yesterday", "from"},
            {ok + "&to=2026-12-01", "to"},
            {ok + "&from=2026-12-02T00:00&to=2026-12-01T00:00", "to"},
            {ok + "&from=2026-01-01T00:00&to=2026-07-21T00:00", "200 days"},
            {ok + "&limit=0", "limit"},
            {ok + "&limit=501", "limit"},
            {ok + "&limit=ten", "limit"},
            {ok + "&after=garbage!", "after"},
            {ok + "&after=" + "A".repeat(300), "after"},
            {"/api/admin/user-logs.csv?appid=bad", "appid"},
            {"/api/admin/user-logs.csv?appid=" + appid + "&from=x", "from"},
            {"/api/admin/bindings", "phone"},
            {"/api/admin/bindings?phone=13912345678&openid=o1", "phone"},
            {"/api/admin/bindings?phone=12345", "phone"},
            {"/api/admin/bindings?openid=" + "o".repeat(65), "openid"},
            {"/api/admin/bindings?openid=o1&appid=x", "appid"},
            {"/api/admin/bindings?openid=o1&limit=-1", "limit"},
            {"/api/admin/bindings?openid=o1&after=bm9wZQ", "after"},
            {"/api/admin/bindings.csv", "phone"},
        };
        for (String[] b : bad) {
            HttpResponse<String> r = http.get(b[0], superAdmin());
            assertEquals(400, r.statusCode(), b[0] + " -> " + r.body());
            String error = BusinessSupport.json(r.body()).getString("error");
            assertTrue(error.contains(b[1]), b[0] + " -> " + error);
        }
        assertEquals(
                200,
                http.get(ok + "&from=2026-01-01T00:00&to=2026-07-20T00:00", superAdmin())
                        .statusCode(),
                "200 days exactly");

        String[] paths = {
            ok,
            "/api/admin/user-logs.csv?appid=" + appid,
            "/api/admin/bindings?phone=13912345678",
            "/api/admin/bindings.csv?openid=o1"
        };
        String stamp = Long.toHexString(System.nanoTime());
        assertEquals(
                201,
                http.json(
                                "PUT",
                                "/api/admin/users/look" + stamp,
                                superAdmin(),
                                "{\"password\":\"look-pass-1\",\"role\":\"ADMIN\"}")
                        .statusCode());
        assertEquals(
                201,
                http.json(
                                "PUT",
                                "/api/admin/users/agent" + stamp,
                                superAdmin(),
                                "{\"password\":\"agent-pass-1\",\"role\":\"AGENT\"}")
                        .statusCode());
        for (String p : paths) {
            assertEquals(401, new Http(base).get(p, null).statusCode(), p);
            assertEquals(
                    200,
                    new Http(base)
                            .get(p, Http.basic("look" + stamp, "look-pass-1"))
                            .statusCode(),
                    p);
            assertEquals(
                    403,
                    new Http(base)
                            .get(p, Http.basic("agent" + stamp, "agent-pass-1"))
                            .statusCode(),
                    p);
        }
        http.send("DELETE", "/api/admin/users/look" + stamp, superAdmin(), null, null);
        http.send("DELETE", "/api/admin/users/agent" + stamp, superAdmin(), null, null);
    }

    /** RFC 4180 records (quoted cells may hold commas, quotes and line breaks); CRLF ends a record. */
    static List<List<String>> parseCsv(String text) {
        List<List<String>> out = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cell.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                record.add(cell.toString());
                cell.setLength(0);
            } else if (ch == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                record.add(cell.toString());
                cell.setLength(0);
                out.add(record);
                record = new ArrayList<>();
                i++;
            } else {
                cell.append(ch);
            }
        }
        if (cell.length() > 0 || !record.isEmpty()) {
            record.add(cell.toString());
            out.add(record);
        }
        return out;
    }
}
