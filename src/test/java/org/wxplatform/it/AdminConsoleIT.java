package org.wxplatform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.wxplatform.it.tx.OrderText;
import org.wxplatform.sandbox.wechat.CallbackMode;
import org.wxplatform.sandbox.wechat.CallbackSimulator;
import org.wxplatform.sandbox.wechat.Delivery;

/**
 * The operators' admin console in headless Chromium (SPEC §6): a SUPER_ADMIN signs in on the sign-in
 * page, creates a keyword reply in the page and the subscriber gets it through the WeChat simulator, hides
 * it and the subscriber gets the miss hint; re-does a failed carrier transaction from the page and the
 * subscriber is told its outcome once more, exactly once; finds the subscriber's user log and downloads it
 * as CSV; acknowledges an alert. A read-only ADMIN sees the pages without their write buttons and the API
 * refuses its writes. Text that looks like HTML is shown as text everywhere. Screenshots of every page go
 * to {@code target/screenshots/} (the README's tour is made from them).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AdminConsoleIT {

    static final String SECRET = "0123456789abcdef0123456789abcdef";
    static final String KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    static final String TOKEN = "consoleTok1";
    static final String HOSTILE = "<img src=x onerror=\"document.title='XSS'\">";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.product().addClasses(OrderText.class);
    }

    @ArquillianResource
    URL base;

    @Test
    void anOperatorRunsTheConsoleInTheBrowser() throws Exception {
        Http http = new Http(base);
        String appid = TestEnv.safeAccount(http, "掌上营业厅" + HOSTILE, SECRET, TOKEN, KEY);
        CallbackSimulator wechat = new CallbackSimulator(base.toString(), appid, TOKEN, KEY, CallbackMode.SAFE, null);
        String user = "oConsole" + Long.toHexString(System.nanoTime());
        String keyword = "积分商城" + Long.toHexString(System.nanoTime() % 4096);
        String replyText = "积分商城入口 " + HOSTILE + " 每周五上新";

        try (Chromium browser = Chromium.start("AdminConsoleIT", 1366, 860)) {
            WebDriverWait wait = browser.waiting(Duration.ofSeconds(20));
            var driver = browser.driver;
            driver.get(base + "login.html");
            browser.screenshot("admin-login");
            signIn(browser, TestEnv.ADMIN, TestEnv.adminPassword());

            // accounts: the new one is listed, its secret masked, its name shown as text
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("accounts"), appid));
            String listed = driver.findElement(By.id("accounts")).getText();
            assertFalse(listed.contains(SECRET), "the secret is never shown in full");
            assertTrue(listed.contains("掌上营业厅<img"), "a name that looks like HTML is shown as text");
            assertTrue(driver.findElements(By.cssSelector("#accounts img")).isEmpty(), "no element made from text");
            assertFalse(driver.getPageSource().contains(SECRET), "no secret in the page's source");
            browser.screenshot("admin-accounts");

            // a keyword reply made in the page answers the subscriber
            driver.get(base + "admin/replies.html?appid=" + appid);
            wait.until(ExpectedConditions.elementToBeClickable(By.id("newEntry")))
                    .click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("keyword")))
                    .sendKeys(keyword);
            driver.findElement(By.cssSelector("#entryContents .content-text")).sendKeys(replyText);
            browser.screenshot("admin-reply-editor");
            driver.findElement(By.id("saveEntry")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("entries"), keyword));
            wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("entryModal")));
            assertTrue(driver.findElements(By.cssSelector("#entries img")).isEmpty(), "the reply is shown as text");
            assertEquals(replyText, say(wechat, user, keyword), "the subscriber gets the reply made in the page");
            browser.screenshot("admin-replies");

            // hidden in the page: the subscriber gets the miss hint
            row(driver, "entries", keyword)
                    .findElement(By.cssSelector("[data-action='hide']"))
                    .click();
            wait.until(d -> row(d, "entries", keyword).getText().contains("已隐藏"));
            String hint = json(http.get("/api/admin/accounts/" + appid + "/miss-hint", superAdmin()))
                    .getString("text");
            // (another text: the same one again within seconds would be screened as a repeat, SPEC §1.8)
            assertEquals(hint, say(wechat, user, "请问" + keyword), "a hidden reply never answers: the miss hint does");
            driver.findElement(By.id("missTab")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("missHint")));
            assertEquals(hint, driver.findElement(By.id("missHint")).getAttribute("value"));

            // a failed transaction re-done from the page: a second attempt, its outcome told once
            String unknown = "13700000000"; // numbers ending in 0000 are not subscribers: the carrier refuses it
            String buyer = "oBuyer" + Long.toHexString(System.nanoTime());
            assertNull(wechat.send(wechat.messages().text(buyer, OrderText.PREFIX + unknown + " DATA_M_100M"))
                    .problem());
            awaitTemplates(http, appid, buyer, 1);
            driver.get(base + "admin/transactions.html?state=failed&appid=" + appid);
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("transactions"), "UNKNOWN_NUMBER"));
            browser.screenshot("admin-transactions");
            driver.findElement(By.cssSelector("#transactions [data-action='redo']"))
                    .click();
            wait.until(ExpectedConditions.alertIsPresent()).accept();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), "已重新提交 1 笔"));
            awaitTemplates(http, appid, buyer, 2);
            Thread.sleep(3000); // a second telling would come within this
            assertEquals(2, templates(http, appid, buyer), "the re-done attempt's outcome is told once");
            JsonObject redone = json(http.get("/api/admin/transactions?appid=" + appid, superAdmin()))
                    .getJsonArray("rows")
                    .getJsonObject(0);
            assertEquals(2, redone.getInt("attempt"), "re-done once: " + redone);
            assertEquals("UNKNOWN_NUMBER", redone.getString("resultCode"), "and refused again by the carrier");

            // the complaint lookup: the subscriber's user log, and its CSV download
            driver.get(base + "admin/lookup.html?appid=" + appid + "&openid=" + user);
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("logs"), keyword));
            browser.screenshot("admin-lookup");
            driver.findElement(By.id("logsCsv")).click();
            Path csv = awaitDownload(browser.downloads, Duration.ofSeconds(20));
            byte[] bytes = Files.readAllBytes(csv);
            assertTrue(
                    bytes.length > 3
                            && (bytes[0] & 0xff) == 0xEF
                            && (bytes[1] & 0xff) == 0xBB
                            && (bytes[2] & 0xff) == 0xBF,
                    "UTF-8 with BOM");
            List<String> lines = new String(bytes, StandardCharsets.UTF_8)
                    .substring(1)
                    .lines()
                    .toList();
            assertTrue(lines.get(0).startsWith("时间"), lines.get(0));
            assertTrue(lines.stream().filter(l -> l.contains(keyword)).count() >= 2, "both messages: " + lines);

            // an alert acknowledged in the page
            String subject = "console-" + Long.toHexString(System.nanoTime());
            raiseAlert("queue-depth", subject, "async replies: 1200 tasks waiting " + HOSTILE);
            driver.get(base + "admin/alerts.html");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("alerts"), subject));
            assertTrue(driver.findElements(By.cssSelector("#alerts img")).isEmpty());
            browser.screenshot("admin-alerts");
            row(driver, "alerts", subject)
                    .findElement(By.cssSelector("[data-action='ack']"))
                    .click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), "已确认 1 条"));

            driver.get(base + "admin/users.html");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("users"), TestEnv.ADMIN));
            browser.screenshot("admin-users");

            // the node's log files, each with its download link
            driver.get(base + "admin/logs.html");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("files"), "access.log"));
            assertFalse(driver.findElements(By.cssSelector("#files [data-action='download']"))
                    .isEmpty());
            browser.screenshot("admin-logs");
            assertFalse(driver.getTitle().contains("XSS"), "no script made from stored text ran");
        }
    }

    @Test
    void aReadOnlyAdminSeesThePagesWithoutWritingAndTheApiRefusesItsWrites() throws Exception {
        Http http = new Http(base);
        String appid = TestEnv.safeAccount(http, "只读查看", SECRET, TOKEN, KEY);
        String reader = "reader" + Long.toHexString(System.nanoTime());
        HttpResponse<String> made = http.json(
                "PUT",
                "/api/admin/users/" + reader,
                superAdmin(),
                "{\"password\":\"reader-pass-1\",\"role\":\"ADMIN\"}");
        assertEquals(201, made.statusCode(), made.body());
        try (Chromium browser = Chromium.start("AdminConsoleIT", 1366, 860)) {
            WebDriverWait wait = browser.waiting(Duration.ofSeconds(20));
            var driver = browser.driver;
            driver.get(base + "login.html");
            signIn(browser, reader, "reader-pass-1");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("accounts"), appid));
            assertTrue(driver.findElements(By.id("newAccount")).isEmpty(), "no create button");
            assertTrue(driver.findElements(By.cssSelector("[data-action='edit'], [data-action='delete']"))
                    .isEmpty());
            assertTrue(
                    driver.findElements(By.cssSelector("#nav [data-page='users']"))
                            .isEmpty(),
                    "no users page");
            browser.screenshot("admin-readonly");
            driver.get(base + "admin/replies.html?appid=" + appid);
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#entries .tabulator-tableholder")));
            assertTrue(driver.findElements(By.id("newEntry")).isEmpty());
            assertTrue(driver.findElements(By.id("hideAll")).isEmpty());
            // the server refuses what the page hides: a write with the session and its CSRF token
            Object status = driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                    + "fetch('../api/auth/me').then(r => r.json()).then(me => fetch('../api/admin/accounts/"
                    + appid + "/autoreplies', {method: 'POST', headers: {'Content-Type': 'application/json',"
                    + " 'X-WXP-CSRF': me.csrf}, body: JSON.stringify({keyword: 'x', match: 'contains',"
                    + " contents: [{type: 'text', text: 'x'}]})})).then(r => done(r.status));");
            assertEquals(403L, ((Number) status).longValue(), "an ADMIN's write is refused");
            driver.get(base + "admin/users.html");
            wait.until(ExpectedConditions.urlContains("/admin/index.html"));
        }
        assertEquals(
                204,
                http.send("DELETE", "/api/admin/users/" + reader, superAdmin(), null, null)
                        .statusCode());
    }

    @Test
    void pathTricksNeverReachAPageOrTheApiWithoutSignIn() throws Exception {
        // raw requests: an HTTP client would normalise the paths before sending them
        List<String> pages = List.of(
                "/admin/index.html",
                "/admin;x/index.html",
                "/admin/;x/index.html",
                "/ADMIN/index.html",
                "/Admin/users.html",
                "/%61dmin/index.html",
                "/%2e/admin/index.html",
                "/admin/%2e/index.html",
                "//admin/index.html",
                "/static/../admin/index.html",
                "/admin/../admin/index.html",
                "/admin%2findex.html",
                "/console/index.html",
                "/console;/index.html");
        List<String> apis = List.of(
                "/api/admin/accounts",
                "/api/admin;x/accounts",
                "/api/admin/accounts;x",
                "/api/ADMIN/accounts",
                "/api/%61dmin/accounts",
                "/api//admin/accounts",
                "/api/./admin/accounts",
                "/api/x/../admin/accounts",
                "/api/admin/%2e/accounts",
                "/api/admin/users",
                "/api/admin/accounts.csv");
        for (String path : Stream.concat(pages.stream(), apis.stream()).toList()) {
            String head = rawGet(path);
            int status = Integer.parseInt(head.substring(9, 12));
            String body = head.substring(head.indexOf("\r\n\r\n") + 4);
            boolean refused = status == 401
                    || status == 403
                    || status == 404
                    || status == 400
                    || (status == 302 && head.contains("login.html"));
            assertTrue(refused, path + " answered without sign-in:\n" + head);
            assertFalse(
                    body.contains("app.js") || body.contains("\"appid\"") || body.contains("AppID,"),
                    path + ": " + body);
        }
    }

    // ---- helpers

    private void signIn(Chromium browser, String username, String password) {
        var driver = browser.driver;
        WebDriverWait wait = browser.waiting(Duration.ofSeconds(20));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")))
                .sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("signIn")).click();
        wait.until(ExpectedConditions.urlContains("/admin/"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("me"), username));
    }

    /** Clicks {@code selector} in the row of {@code table} that shows {@code text}, once the table is still. */
    private static void clickInRow(Chromium browser, String table, String text, String selector) {
        browser.waiting(Duration.ofSeconds(20)).until(d -> {
            row(d, table, text).findElement(By.cssSelector(selector)).click();
            return true;
        });
    }

    /** The table row (Tabulator) of {@code table} whose text contains {@code text}. */
    private static WebElement row(org.openqa.selenium.WebDriver driver, String table, String text) {
        for (WebElement r : driver.findElements(By.cssSelector("#" + table + " .tabulator-row"))) {
            if (r.getText().contains(text)) {
                return r;
            }
        }
        throw new org.openqa.selenium.NoSuchElementException("no row with " + text + " in #" + table);
    }

    private static String say(CallbackSimulator wechat, String user, String text) throws Exception {
        Delivery d = wechat.send(wechat.messages().text(user, text));
        assertNull(d.problem(), String.valueOf(d.problem()));
        return d.content();
    }

    private String rawGet(String path) throws Exception {
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream()
                    .write(("GET " + path + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                                    + "\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Path awaitDownload(Path dir, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            try (Stream<Path> files = Files.list(dir)) {
                Optional<Path> done =
                        files.filter(p -> p.toString().endsWith(".csv")).findFirst();
                if (done.isPresent()) {
                    return done.get();
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no CSV downloaded into " + dir);
    }

    private static void raiseAlert(String kind, String subject, String detail) throws Exception {
        try (Connection c = DriverManager.getConnection(
                        System.getenv("WXP_DB_URL"), System.getenv("WXP_DB_USER"), System.getenv("WXP_DB_PASSWORD"));
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO alert (kind, subject, detail, node, raised_at) VALUES (?, ?, ?, 'it', ?)")) {
            ps.setString(1, kind);
            ps.setString(2, subject);
            ps.setString(3, detail);
            ps.setTimestamp(4, Timestamp.from(Instant.now()));
            ps.executeUpdate();
        }
    }

    private static void awaitTemplates(Http http, String appid, String openid, int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (templates(http, appid, openid) < count && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        assertTrue(templates(http, appid, openid) >= count, openid + ": fewer than " + count + " template messages");
    }

    private static int templates(Http http, String appid, String openid) throws Exception {
        HttpResponse<String> r = http.get("/sandbox/wechat/users/" + appid + "/" + openid + "/inbox", null);
        assertEquals(200, r.statusCode(), r.body());
        int n = 0;
        for (JsonValue v : Json.createReader(new StringReader(r.body())).readArray()) {
            if ("template".equals(v.asJsonObject().getString("kind", ""))) {
                n++;
            }
        }
        return n;
    }

    private static JsonObject json(HttpResponse<String> r) {
        assertEquals(200, r.statusCode(), r.body());
        return Json.createReader(new StringReader(r.body())).readObject();
    }

    private static String superAdmin() {
        return Http.basic(TestEnv.ADMIN, TestEnv.adminPassword());
    }
}
