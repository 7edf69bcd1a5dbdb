package org.wxplatform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import java.io.StringReader;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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

/**
 * The menus page in headless Chromium (SPEC §6.7): a SUPER_ADMIN builds a menu in the editor (live byte
 * counts), publishes it and sees WeChat's read-back agree; a subscriber clicks a button on the sandbox
 * phone; the statistics on the menus page then show that click, in the pie chart's data and the table,
 * and the button without clicks flagged. Screenshots {@code admin-menus} and {@code admin-menu-stats}.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class MenuIT {

    static final String SECRET = "0123456789abcdef0123456789abcdef";
    static final String KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.product();
    }

    @ArquillianResource
    URL base;

    @Test
    void anOperatorPublishesAMenuAndSeesASubscribersClick() throws Exception {
        Http http = new Http(base);
        String appid = TestEnv.safeAccount(http, "菜单营业厅", SECRET, "menuPageTok1", KEY);
        String user = Json.createReader(new StringReader(
                        http.get("/sandbox/wechat/users/" + appid, null).body()))
                .readArray()
                .getJsonObject(0)
                .getString("openid");

        try (Chromium browser = Chromium.start("MenuIT", 1366, 1000)) {
            WebDriverWait wait = browser.waiting(Duration.ofSeconds(20));
            var driver = browser.driver;
            driver.get(base + "login.html");
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")))
                    .sendKeys(TestEnv.ADMIN);
            driver.findElement(By.id("password")).sendKeys(TestEnv.adminPassword());
            driver.findElement(By.id("signIn")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("me"), TestEnv.ADMIN));

            driver.get(base + "admin/menus.html?appid=" + appid);
            WebElement name = wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("input[data-field='name'][data-path='button[0]']")));
            name.sendKeys("查话费");
            driver.findElement(By.cssSelector("input[data-field='key'][data-path='button[0]']"))
                    .sendKeys("BILL");
            assertTrue(
                    driver.findElement(By.cssSelector("[data-path='button[0]'] .bytes"))
                            .getText()
                            .startsWith("9/16"),
                    "three Chinese characters are 9 bytes");
            driver.findElement(By.id("addTop")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(
                            By.cssSelector("input[data-field='name'][data-path='button[1]']")))
                    .sendKeys("服务");
            driver.findElement(By.cssSelector("[data-action='addSub'][data-path='button[1]']"))
                    .click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(
                            By.cssSelector("input[data-field='name'][data-path='button[1].sub_button[0]']")))
                    .sendKeys("人工客服");
            driver.findElement(By.cssSelector("input[data-field='key'][data-path='button[1].sub_button[0]']"))
                    .sendKeys("KF");
            browser.screenshot("admin-menus");

            driver.findElement(By.id("publish")).click();
            WebElement readBack = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("readBack")));
            assertEquals("true", readBack.getAttribute("data-equal"), readBack.getText());

            // the subscriber clicks the published button on the phone
            driver.get(base + "sandbox/phone/?appid=" + appid + "&openid="
                    + URLEncoder.encode(user, StandardCharsets.UTF_8));
            wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#menu button[data-name='查话费']")))
                    .click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("chat"), "点击菜单「查话费」"));
            long until = System.currentTimeMillis() + 10_000;
            while (SandboxApiIT.userLog(appid, user, "event:CLICK") == 0 && System.currentTimeMillis() < until) {
                Thread.sleep(100);
            }

            driver.get(base + "admin/menus.html?appid=" + appid);
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("statsTable"), "查话费"));
            wait.until(d -> "1"
                    .equals(d.findElement(By.cssSelector("#statsTable tr[data-path='button[0]'] .total"))
                            .getText()));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> data = (List<Map<String, Object>>) driver.executeScript(
                    "return echarts.getInstanceByDom(document.getElementById('sharePie')).getOption().series[0].data"
                            + ".map(function (d) { return {name: d.name, value: d.value}; });");
            assertEquals(2, data.size(), data.toString());
            assertEquals("查话费", data.get(0).get("name"));
            assertEquals(1L, ((Number) data.get(0).get("value")).longValue(), "the phone's click is in the pie");
            assertEquals(0L, ((Number) data.get(1).get("value")).longValue());
            String kfRow = driver.findElement(By.cssSelector("#statsTable tr[data-path='button[1].sub_button[0]']"))
                    .getText();
            assertTrue(kfRow.contains("建议合并"), kfRow);
            String parentRow = driver.findElement(By.cssSelector("#statsTable tr[data-path='button[1]']"))
                    .getText();
            assertTrue(parentRow.contains("不可统计"), parentRow);
            // tall enough for the charts and the table below the editor
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(1366, 1500));
            driver.executeScript("window.dispatchEvent(new Event('resize')); window.scrollTo(0, 0)");
            Thread.sleep(300);
            browser.screenshot("admin-menu-stats");
        }
    }
}
