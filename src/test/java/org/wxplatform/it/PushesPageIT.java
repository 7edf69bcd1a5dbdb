package org.wxplatform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.wxplatform.it.push.PushFixtures;

/**
 * The pushes page in headless Chromium: the synced templates with the phone's view of the values typed,
 * WeChat's quota, a file uploaded with its progress, the push started and followed to its end, the
 * figures in the list equal to what the sandbox received. Screenshots into target/screenshots.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PushesPageIT {

    static final String KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.product();
    }

    @ArquillianResource
    URL base;

    @Test
    void anOperatorUploadsAFileStartsThePushAndWatchesItFinish() throws Exception {
        Http http = new Http(base);
        String appid = TestEnv.safeAccount(http, "推送页面", "pageSecret" + System.nanoTime(), "pageToken", KEY);
        PushFixtures.sync(http, appid);
        long phoneBase = ThreadLocalRandom.current().nextLong(10_000_000L, 690_000_000L) * 10;
        List<String> bound = PushFixtures.bind(System.getenv("WXP_DB_URL"), appid, phoneBase, 40, i -> i % 4 != 3);
        StringBuilder file = new StringBuilder("phone,character_string4\n");
        for (int i = 0; i < 40; i++) {
            file.append(PushFixtures.phone(phoneBase, i))
                    .append(",TX")
                    .append(i)
                    .append('\n');
        }
        file.append("12345,TX\n").append(PushFixtures.phone(phoneBase, 0)).append(",TX0\n");
        Path csv = Files.createTempFile("numbers", ".csv");
        Files.writeString(csv, file, StandardCharsets.UTF_8);

        try (Chromium browser = Chromium.start("PushesPageIT", 1366, 1100)) {
            WebDriverWait wait = browser.waiting(Duration.ofSeconds(30));
            var driver = browser.driver;
            driver.get(base + "login.html");
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")))
                    .sendKeys(TestEnv.ADMIN);
            driver.findElement(By.id("password")).sendKeys(TestEnv.adminPassword());
            driver.findElement(By.id("signIn")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("me"), TestEnv.ADMIN));

            driver.get(base + "admin/pushes.html?appid=" + appid);
            wait.until(
                    ExpectedConditions.presenceOfElementLocated(By.cssSelector("#nav a.active[data-page='pushes']")));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("quota"), "上限 100000"));
            wait.until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("#template option[value='" + PushFixtures.TEMPLATE + "']")));
            new Select(driver.findElement(By.id("template"))).selectByValue(PushFixtures.TEMPLATE);
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("f_thing1")))
                    .sendKeys("10元100M流量包");
            driver.findElement(By.id("f_time2")).sendKeys("2026年12月3日 15:01");
            driver.findElement(By.id("f_phone_number3")).sendKeys("10086");
            driver.findElement(By.id("f_phrase5")).sendKeys("已生效");
            assertEquals("业务办理成功通知", driver.findElement(By.id("previewTitle")).getText());
            String preview = driver.findElement(By.id("previewText")).getText();
            assertTrue(preview.contains("业务名称：10元100M流量包"), preview);
            assertTrue(preview.contains("订单编号：〔character_string4〕"), "the column's field is marked: " + preview);
            driver.findElement(By.id("mailTo")).sendKeys("page-ops@wxp.test");
            driver.findElement(By.id("file")).sendKeys(csv.toAbsolutePath().toString());
            browser.screenshot("admin-pushes-new");
            driver.findElement(By.id("upload")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(
                    By.id("messages"), bound.size() + " 个已绑定号码（无效 1，重复 1，未绑定 10）"));

            By start = By.cssSelector("#pushes button[data-action='start']");
            wait.until(ExpectedConditions.elementToBeClickable(start)).click();
            new WebDriverWait(driver, Duration.ofSeconds(60))
                    .until(ExpectedConditions.textToBePresentInElementLocated(By.id("pushes"), "已完成"));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(
                    By.id("pushes"), bound.size() + " / 0 / 0（共 " + bound.size() + "）"));
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(1366, 1300));
            driver.executeScript("document.getElementById('pushes').scrollIntoView({block: 'end'})");
            browser.screenshot("admin-pushes");
        }
        assertEquals(
                bound.size(),
                PushFixtures.sandboxSent(http, appid).getJsonNumber("users").longValue());
    }
}
