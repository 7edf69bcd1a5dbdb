package org.wxplatform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.wxplatform.it.cs.QuestionSeed;
import org.wxplatform.it.cs.ServiceSeed;

/**
 * {@code /api/admin/service}: a known set of questions (misses as real signed callbacks, session texts as
 * the chat sessions' {@code QuestionAsked} event) comes out of the statistics with exactly its counts,
 * normalised texts together, a WeChat retry counted once; seeded sessions come out of the records list
 * (filters, keyset paging, CSV), the transcript in order and the per-agent figures equal to the known
 * waits, handling times and message counts; bad parameters answer 400 naming the field.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AgentRecordsIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.product().addClass(QuestionSeed.class);
    }

    @ArquillianResource
    URL base;

    @Test
    void theQuestionStatisticsCountTheSeededQuestions() throws Exception {
        Http http = new Http(base);
        String admin = Http.basic(TestEnv.ADMIN, TestEnv.adminPassword());
        String appid = ServiceSeed.questions(base, http);
        LocalDate today = LocalDate.now(ServiceSeed.ZONE);

        JsonObject top = object(http.get(
                "/api/admin/service/questions?appid=" + appid + "&from=" + today.minusDays(1) + "&to=" + today, admin));
        JsonArray rows = top.getJsonArray("rows");
        assertEquals(ServiceSeed.TODAY.size(), rows.size(), top.toString());
        for (int i = 0; i < rows.size(); i++) {
            ServiceSeed.Expected e = ServiceSeed.TODAY.get(i);
            JsonObject r = rows.getJsonObject(i);
            assertEquals(e.normalized(), r.getString("normalized"), r.toString());
            assertEquals(e.sample(), r.getString("sample"), r.toString());
            assertEquals(e.misses(), r.getJsonNumber("misses").longValue(), r.toString());
            assertEquals(e.asked(), r.getJsonNumber("asked").longValue(), r.toString());
            assertEquals(e.total(), r.getJsonNumber("total").longValue(), r.toString());
        }
        // the misses are the daily mail's misses too (one per text, the retried one once, "？？" included)
        assertEquals(7, misses(appid));

        // top N
        JsonArray two = object(http.get("/api/admin/service/questions?appid=" + appid + "&limit=2", admin))
                .getJsonArray("rows");
        assertEquals(2, two.size());
        assertEquals("营业厅在哪", two.getJsonObject(0).getString("normalized"));
        assertEquals("怎么退订", two.getJsonObject(1).getString("normalized"));

        // a range that reaches the question asked ten days ago adds it to today's
        JsonArray wide = object(http.get(
                        "/api/admin/service/questions?appid=" + appid + "&from=" + today.minusDays(10) + "&to=" + today,
                        admin))
                .getJsonArray("rows");
        // 营业厅在哪 (3 + 2) and 怎么退订 (0 + 5) tie: more misses first
        assertEquals("营业厅在哪", wide.getJsonObject(0).getString("normalized"), wide.toString());
        assertEquals("怎么退订", wide.getJsonObject(1).getString("normalized"), wide.toString());
        assertEquals(5, wide.getJsonObject(1).getJsonNumber("asked").longValue(), wide.toString());
        assertEquals("怎么退订", wide.getJsonObject(1).getString("sample"), "a sample of the range");
        JsonArray old = object(http.get(
                        "/api/admin/service/questions?appid=" + appid + "&from=" + today.minusDays(10) + "&to="
                                + today.minusDays(10),
                        admin))
                .getJsonArray("rows");
        assertEquals(1, old.size(), old.toString());
        assertEquals(ServiceSeed.OLD_QUESTION, old.getJsonObject(0).getString("sample"));

        HttpResponse<String> csv = http.get("/api/admin/service/questions.csv?appid=" + appid, admin);
        assertEquals(200, csv.statusCode(), csv.body());
        List<String> lines = csv.body().replace("\uFEFF", "").lines().toList();
        assertEquals("问题,归一化,未命中次数,会话中次数,合计", lines.get(0));
        assertEquals("营业厅在哪？,营业厅在哪,3,2,5", lines.get(1));
        assertEquals(1 + ServiceSeed.TODAY.size(), lines.size(), csv.body());

        // bad input
        bad(http, admin, "/api/admin/service/questions", "appid");
        bad(http, admin, "/api/admin/service/questions?appid=nope", "appid");
        bad(http, admin, "/api/admin/service/questions?appid=" + appid + "&limit=0", "limit");
        bad(http, admin, "/api/admin/service/questions?appid=" + appid + "&from=2026-13-01", "from");
        bad(http, admin, "/api/admin/service/questions?appid=" + appid + "&from=2026-02-01&to=2026-01-01", "to");
        bad(http, admin, "/api/admin/service/questions?appid=" + appid + "&from=2024-01-01&to=2026-01-01", "to");
        assertEquals(
                401,
                http.get("/api/admin/service/questions?appid=" + appid, null).statusCode());
    }

    @Test
    void theRecordsShowTheSessionsAndEachAgentsFigures() throws Exception {
        Http http = new Http(base);
        String admin = Http.basic(TestEnv.ADMIN, TestEnv.adminPassword());
        String appid = TestEnv.newAppid();
        LocalDate day = LocalDate.now(ServiceSeed.ZONE).minusDays(20);
        ServiceSeed.Sessions s = ServiceSeed.sessions(DailyMailIT.database(), appid, day);
        List<Long> ids = s.ids();

        // every session of the account, newest first, walked two at a time with the cursor
        List<Long> seen = new ArrayList<>();
        String next = null;
        int pages = 0;
        do {
            JsonObject page = object(http.get(
                    "/api/admin/service/sessions?appid=" + appid + "&limit=2" + (next == null ? "" : "&after=" + next),
                    admin));
            page.getJsonArray("rows")
                    .forEach(v -> seen.add(v.asJsonObject().getJsonNumber("id").longValue()));
            next = page.isNull("next") ? null : page.getString("next");
            pages++;
        } while (next != null);
        assertEquals(List.of(ids.get(4), ids.get(3), ids.get(2), ids.get(1), ids.get(0)), seen);
        assertEquals(3, pages);

        JsonArray ofDay = rows(http, admin, "appid=" + appid + "&day=" + day);
        assertEquals(4, ofDay.size(), "the fifth was three days before");
        JsonObject first = ofDay.getJsonObject(3);
        assertEquals(ids.get(0).longValue(), first.getJsonNumber("id").longValue());
        assertEquals("closed", first.getString("state"));
        assertEquals(s.agentA(), first.getString("agent"));
        assertEquals(20, first.getInt("waitSeconds"));
        assertEquals(300, first.getInt("handlingSeconds"));
        assertEquals(3, first.getInt("messagesIn"));
        assertEquals(2, first.getInt("messagesOut"));
        assertEquals(day + "T10:00:00+08:00", first.getString("enteredAt"));
        assertEquals(day + "T10:00:20+08:00", first.getString("takenAt"));
        assertEquals(day + "T10:05:20+08:00", first.getString("closedAt"));
        JsonObject waiting = ofDay.getJsonObject(0);
        assertEquals("waiting", waiting.getString("state"));
        assertFalse(waiting.containsKey("takenAt") && !waiting.isNull("takenAt"), waiting.toString());

        assertEquals(
                2, rows(http, admin, "appid=" + appid + "&agent=" + s.agentA()).size());
        assertEquals(
                2, rows(http, admin, "appid=" + appid + "&agent=" + s.agentB()).size());
        assertEquals(
                1,
                rows(http, admin, "appid=" + appid + "&agent=" + s.agentB() + "&day=" + day)
                        .size());
        assertEquals(3, rows(http, admin, "appid=" + appid + "&state=closed").size());
        assertEquals(1, rows(http, admin, "appid=" + appid + "&state=active").size());
        assertEquals(1, rows(http, admin, "appid=" + appid + "&state=waiting").size());
        String openid = first.getString("openid");
        JsonArray one = rows(http, admin, "appid=" + appid + "&openid=" + openid);
        assertEquals(1, one.size());
        assertEquals(
                ids.get(0).longValue(), one.getJsonObject(0).getJsonNumber("id").longValue());

        // one session's transcript, in order
        JsonObject t = object(http.get("/api/admin/service/sessions/" + ids.get(0), admin));
        assertEquals(openid, t.getJsonObject("session").getString("openid"));
        JsonArray messages = t.getJsonArray("messages");
        List<String> texts = new ArrayList<>();
        messages.forEach(v -> texts.add(v.asJsonObject().getString("content")));
        assertEquals(s.transcripts().get(ids.get(0)), texts);
        assertEquals("in", messages.getJsonObject(0).getString("direction"));
        assertEquals("out", messages.getJsonObject(1).getString("direction"));
        assertEquals("delivered", messages.getJsonObject(1).getString("delivery"));
        assertEquals(s.agentA(), messages.getJsonObject(1).getString("agent"));
        assertEquals(
                404, http.get("/api/admin/service/sessions/999999999999", admin).statusCode());
        bad(http, admin, "/api/admin/service/sessions/abc", "id");

        // each agent's figures over the day
        JsonObject agents =
                object(http.get("/api/admin/service/agents?appid=" + appid + "&from=" + day + "&to=" + day, admin));
        JsonArray figures = agents.getJsonArray("rows");
        assertEquals(2, figures.size(), agents.toString());
        JsonObject a = figures.getJsonObject(0);
        assertEquals(s.agentA(), a.getString("agent"));
        assertEquals(2, a.getInt("sessions"));
        assertEquals(2, a.getInt("closed"));
        assertEquals(30, a.getInt("meanWaitSeconds"), "(20 + 40) / 2");
        assertEquals(200, a.getInt("meanHandlingSeconds"), "(300 + 100) / 2");
        assertEquals(5, a.getInt("messagesIn"));
        assertEquals(3, a.getInt("messagesOut"));
        JsonObject b = figures.getJsonObject(1);
        assertEquals(s.agentB(), b.getString("agent"));
        assertEquals(1, b.getInt("sessions"));
        assertEquals(0, b.getInt("closed"));
        assertEquals(60, b.getInt("meanWaitSeconds"));
        assertFalse(b.containsKey("meanHandlingSeconds") && !b.isNull("meanHandlingSeconds"), b.toString());
        // with the day three days before, agent B's closed session counts too
        JsonObject b4 = object(http.get(
                        "/api/admin/service/agents?appid=" + appid + "&from=" + day.minusDays(3) + "&to=" + day, admin))
                .getJsonArray("rows")
                .getJsonObject(1);
        assertEquals(2, b4.getInt("sessions"));
        assertEquals(33, b4.getInt("meanWaitSeconds"), "(60 + 5) / 2 = 32.5, rounded");
        assertEquals(45, b4.getInt("meanHandlingSeconds"));
        assertEquals(5, b4.getInt("messagesIn"));

        // downloads
        HttpResponse<String> csv = http.get("/api/admin/service/sessions.csv?appid=" + appid, admin);
        assertEquals(200, csv.statusCode());
        assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        List<String> lines = csv.body().replace("\uFEFF", "").lines().toList();
        assertEquals(6, lines.size(), csv.body());
        assertTrue(lines.get(0).startsWith("编号,公众号,用户,状态,客服"), lines.get(0));
        assertTrue(
                lines.get(5).startsWith(ids.get(0) + "," + appid + "," + openid + ",closed," + s.agentA()),
                lines.get(5));
        HttpResponse<String> agentsCsv =
                http.get("/api/admin/service/agents.csv?appid=" + appid + "&from=" + day + "&to=" + day, admin);
        List<String> agentLines = agentsCsv.body().replace("\uFEFF", "").lines().toList();
        assertEquals(s.agentA() + ",2,2,30,200,5,3", agentLines.get(1), agentsCsv.body());
        assertEquals(s.agentB() + ",1,0,60,,1,1", agentLines.get(2), agentsCsv.body());

        bad(http, admin, "/api/admin/service/sessions?state=gone", "state");
        bad(http, admin, "/api/admin/service/sessions?day=yesterday", "day");
        bad(http, admin, "/api/admin/service/sessions?agent=a%20b", "agent");
        bad(http, admin, "/api/admin/service/sessions?openid=o%27x", "openid");
        bad(http, admin, "/api/admin/service/sessions?after=zzz", "after");
        bad(http, admin, "/api/admin/service/sessions?limit=501", "limit");
        bad(http, admin, "/api/admin/service/agents?from=2026-01-05&to=2026-01-01", "to");
    }

    private static JsonArray rows(Http http, String admin, String query) throws Exception {
        JsonObject page = object(http.get("/api/admin/service/sessions?" + query, admin));
        return page.getJsonArray("rows");
    }

    private static void bad(Http http, String admin, String path, String field) throws Exception {
        HttpResponse<String> r = http.get(path, admin);
        assertEquals(400, r.statusCode(), path + " " + r.body());
        assertTrue(r.body().contains(field), path + " names " + field + ": " + r.body());
    }

    private static long misses(String appid) throws Exception {
        try (var c = DailyMailIT.database().getConnection();
                var ps = c.prepareStatement("SELECT COALESCE(SUM(misses), 0) FROM msg_miss_daily WHERE appid = ?")) {
            ps.setString(1, appid);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static JsonObject object(HttpResponse<String> r) {
        assertEquals(200, r.statusCode(), r.body());
        return Json.createReader(new StringReader(r.body())).readObject();
    }
}
