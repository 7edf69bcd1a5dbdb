package org.wxplatform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The phone page in headless Chromium: a subscriber types a keyword and sees the product's auto-reply,
 * clicks a menu button created through the sandbox API (the product logs the CLICK), and sees a
 * customer-service message and a template message arrive. Saves a screenshot to
 * {@code target/phone.png}. Fails naming what is missing when Chromium or chromedriver is (skipped
 * only where WXP_TEST_ALLOW_SKIP=1).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PhoneIT {

    static final String SECRET = "0123456789abcdef0123456789abcdef";
    static final String KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.product();
    }

    @ArquillianResource
    URL base;

    private static JsonObject object(HttpResponse<String> r) {
        return Json.createReader(new StringReader(r.body())).readObject();
    }

    @Test
    void aSubscriberChatsClicksTheMenuAndReceivesATemplateMessage() throws Exception {
        Http http = new Http(base);
        String admin = Http.basic(TestEnv.ADMIN, TestEnv.adminPassword());
        String appid = TestEnv.newAppid();
        String settings = "{\"name\":\"掌上营业厅\",\"secret\":\"" + SECRET + "\",\"token\":\"phoneTok1\",\"aesKey\":\""
                + KEY + "\",\"mode\":\"safe\"}";
        assertEquals(
                201,
                http.json("PUT", "/api/admin/accounts/" + appid, admin, settings)
                        .statusCode());
        assertEquals(
                201,
                http.json("PUT", "/sandbox/wechat/accounts/" + appid, null, settings)
                        .statusCode());
        HttpResponse<String> keyword = http.json(
                "POST",
                "/api/admin/accounts/" + appid + "/autoreplies",
                admin,
                "{\"keyword\":\"营业厅\",\"match\":\"contains\",\"contents\":[{\"type\":\"text\",\"text\":"
                        + "\"最近的营业厅：人民路1号，9:00-18:00\"}]}");
        assertEquals(201, keyword.statusCode(), keyword.body());

        String token = object(http.get(
                        "/sandbox/wechat/api/cgi-bin/token?grant_type=client_credential&appid=" + appid + "&secret="
                                + SECRET,
                        null))
                .getString("access_token");
        String menu = "{\"button\":[{\"type\":\"click\",\"name\":\"查话费\",\"key\":\"BILL\"},{\"name\":\"服务\","
                + "\"sub_button\":[{\"type\":\"click\",\"name\":\"人工客服\",\"key\":\"KF\"},{\"type\":\"view\","
                + "\"name\":\"网上营业厅\",\"url\":\"https://example.com/hall\"}]},{\"type\":\"click\",\"name\":\"流量\","
                + "\"key\":\"DATA\"}]}";
        assertEquals(
                0,
                object(http.json("POST", "/sandbox/wechat/api/cgi-bin/menu/create?access_token=" + token, null, menu))
                        .getInt("errcode"));
        String user = Json.createReader(new StringReader(
                        http.get("/sandbox/wechat/users/" + appid, null).body()))
                .readArray()
                .getJsonObject(0)
                .getString("openid");

        try (Chromium browser = Chromium.start("PhoneIT", 420, 860)) {
            WebDriver driver = browser.driver;
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(15));
            driver.get(base + "sandbox/phone/?appid=" + appid + "&openid="
                    + URLEncoder.encode(user, StandardCharsets.UTF_8));

            // the menu created through the API is shown; switch to the keyboard and type the keyword
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#menu button[data-name='查话费']")));
            driver.findElement(By.id("toKeyboard")).click();
            driver.findElement(By.id("text")).sendKeys("附近的营业厅在哪");
            driver.findElement(By.id("send")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(
                    By.cssSelector("#chat .row.in[data-kind='reply']"), "人民路1号"));

            // a menu click goes to the product as a signed CLICK event
            driver.findElement(By.id("toMenu")).click();
            driver.findElement(By.cssSelector("#menu button[data-name='查话费']")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("chat"), "点击菜单「查话费」"));
            long until = System.currentTimeMillis() + 10_000;
            while (SandboxApiIT.userLog(appid, user, "event:CLICK") == 0 && System.currentTimeMillis() < until) {
                Thread.sleep(100);
            }
            assertEquals(1, SandboxApiIT.userLog(appid, user, "event:CLICK"), "the product logged the CLICK once");
            driver.findElement(By.cssSelector("#menu button[data-name='服务']")).click();
            wait.until(
                    ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#submenu button[data-name='人工客服']")));

            // later messages: a kf message and a template message arrive in the user's inbox and on the page
            assertEquals(
                    0,
                    object(http.json(
                                    "POST",
                                    "/sandbox/wechat/api/cgi-bin/message/custom/send?access_token=" + token,
                                    null,
                                    "{\"touser\":\"" + user + "\",\"msgtype\":\"text\",\"text\":{\"content\":"
                                            + "\"您的话费余额为 36.80 元\"}}"))
                            .getInt("errcode"));
            JsonObject sent = object(http.json(
                    "POST",
                    "/sandbox/wechat/api/cgi-bin/message/template/send?access_token=" + token,
                    null,
                    "{\"touser\":\"" + user + "\",\"template_id\":\"BILL_NOTICE\",\"url\":\"https://example.com/bill\","
                            + "\"data\":{\"first\":{\"value\":\"11月账单已出\"},\"keyword1\":{\"value\":\"58.00 元\"},"
                            + "\"remark\":{\"value\":\"点击查看详单\"}}}"));
            assertEquals(0, sent.getInt("errcode"), sent.toString());
            wait.until(ExpectedConditions.textToBePresentInElementLocated(
                    By.cssSelector("#chat .row.in[data-kind='kf']"), "36.80"));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(
                    By.cssSelector("#chat .row.in[data-kind='template']"), "58.00 元"));
            driver.findElement(By.id("toKeyboard")).click();
            assertTrue(
                    driver.findElement(By.id("status")).getText().isEmpty(),
                    "no error shown: " + driver.findElement(By.id("status")).getText());

            driver.findElement(By.id("toMenu")).click();
            browser.screenshot("phone");
        }
    }
}
