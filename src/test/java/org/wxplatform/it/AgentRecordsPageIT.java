package org.wxplatform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URL;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
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
import org.wxplatform.it.cs.QuestionSeed;
import org.wxplatform.it.cs.ServiceSeed;

/**
 * The customer-service records page in headless Chromium: the seeded questions' counts (from misses and
 * from sessions) in the frequency table and its chart, the agents' figures, a session's transcript on a
 * click, and 「加入关键词库」 arriving in the auto-reply page with a new entry prefilled with that question.
 * Screenshots {@code admin-service-questions}, {@code admin-service-agents}, {@code admin-service-sessions},
 * {@code admin-service-keyword}.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AgentRecordsPageIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.product().addClass(QuestionSeed.class);
    }

    @ArquillianResource
    URL base;

    @Test
    void thePageShowsTheSeededCountsAndAddsAQuestionAsAKeyword() throws Exception {
        Http http = new Http(base);
        String appid = ServiceSeed.questions(base, http);
        LocalDate today = LocalDate.now(ServiceSeed.ZONE);
        ServiceSeed.Sessions s = ServiceSeed.sessions(DailyMailIT.database(), appid, today);

        try (Chromium browser = Chromium.start("AgentRecordsPageIT", 1366, 1000)) {
            WebDriverWait wait = browser.waiting(Duration.ofSeconds(20));
            var driver = browser.driver;
            driver.get(base + "login.html");
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")))
                    .sendKeys(TestEnv.ADMIN);
            driver.findElement(By.id("password")).sendKeys(TestEnv.adminPassword());
            driver.findElement(By.id("signIn")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("me"), TestEnv.ADMIN));

            driver.get(base + "admin/service.html?appid=" + appid + "&tab=questions");
            // the navbar (built once the session is known) has the page, marked as the current one
            wait.until(
                    ExpectedConditions.presenceOfElementLocated(By.cssSelector("#nav a.active[data-page='service']")));
            wait.until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("#questionsTable tr[data-normalized='查询余额']")));
            List<WebElement> rows = driver.findElements(By.cssSelector("#questionsTable tbody tr"));
            assertEquals(ServiceSeed.TODAY.size(), rows.size());
            for (int i = 0; i < rows.size(); i++) {
                ServiceSeed.Expected e = ServiceSeed.TODAY.get(i);
                WebElement row = rows.get(i);
                assertEquals(e.normalized(), row.getAttribute("data-normalized"));
                assertEquals(
                        e.sample(), row.findElement(By.cssSelector(".sample")).getText());
                assertEquals(
                        String.valueOf(e.misses()),
                        row.findElement(By.cssSelector(".misses")).getText());
                assertEquals(
                        String.valueOf(e.asked()),
                        row.findElement(By.cssSelector(".asked")).getText());
                assertEquals(
                        String.valueOf(e.total()),
                        row.findElement(By.cssSelector(".total")).getText());
            }
            Object chartMisses = driver.executeScript("return echarts.getInstanceByDom("
                    + "document.getElementById('questionsChart')).getOption().series[0].data.join(',')");
            assertEquals("1,2,0,3", chartMisses, "the chart's misses, least frequent question first");
            Thread.sleep(300);
            browser.screenshot("admin-service-questions");

            driver.findElement(By.id("agentsTab")).click();
            WebElement a = wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("#agentsTable tr[data-agent='" + s.agentA() + "']")));
            assertEquals("2", a.findElement(By.cssSelector(".sessions")).getText());
            assertEquals("30秒", a.findElement(By.cssSelector(".wait")).getText());
            assertEquals("3分20秒", a.findElement(By.cssSelector(".handling")).getText());
            assertEquals("5", a.findElement(By.cssSelector(".in")).getText());
            assertEquals("3", a.findElement(By.cssSelector(".out")).getText());
            WebElement b = driver.findElement(By.cssSelector("#agentsTable tr[data-agent='" + s.agentB() + "']"));
            // the page's default range is the last seven days: agent B's session three days ago counts too
            assertEquals("2", b.findElement(By.cssSelector(".sessions")).getText());
            assertEquals("1", b.findElement(By.cssSelector(".closed")).getText());
            assertEquals("33秒", b.findElement(By.cssSelector(".wait")).getText(), "(60 + 5) / 2");
            assertEquals("45秒", b.findElement(By.cssSelector(".handling")).getText(), "the closed one");
            browser.screenshot("admin-service-agents");

            driver.findElement(By.id("sessionsTab")).click();
            long first = s.ids().get(0);
            WebElement idCell = wait.until(ExpectedConditions.elementToBeClickable(By.xpath(
                    "//div[@id='sessions']//div[@tabulator-field='id' and normalize-space(.)='" + first + "']")));
            idCell.click();
            wait.until(ExpectedConditions.attributeToBe(By.id("transcript"), "data-session", String.valueOf(first)));
            List<String> texts = driver.findElements(By.cssSelector("#transcriptMessages .content")).stream()
                    .map(WebElement::getText)
                    .toList();
            assertEquals(s.transcripts().get(first), texts);
            assertEquals(
                    3,
                    driver.findElements(By.cssSelector("#transcriptMessages [data-direction='in']"))
                            .size());
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(1366, 1200));
            driver.executeScript("window.scrollTo(0, 0)");
            Thread.sleep(300);
            browser.screenshot("admin-service-sessions");
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(1366, 1000));
            driver.executeScript("window.scrollTo(0, 0)");

            // 「加入关键词库」: the auto-reply page opens a new entry with the question as its keyword
            driver.findElement(By.id("questionsTab")).click();
            wait.until(ExpectedConditions.elementToBeClickable(
                            By.cssSelector("#questionsTable tr[data-normalized='营业厅在哪'] .add-keyword")))
                    .click();
            wait.until(ExpectedConditions.urlContains("replies.html"));
            WebElement keyword = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("keyword")));
            wait.until(d -> "营业厅在哪".equals(keyword.getAttribute("value")));
            assertEquals("新建关键词回复", driver.findElement(By.id("entryTitle")).getText());
            assertEquals(appid, driver.findElement(By.id("account")).getAttribute("value"), "the same account");
            Thread.sleep(400);
            browser.screenshot("admin-service-keyword");
        }
    }
}
