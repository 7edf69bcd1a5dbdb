package org.wxplatform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.wxplatform.sandbox.wechat.CallbackMode;
import org.wxplatform.sandbox.wechat.CallbackSimulator;

/**
 * The agents' console in two headless Chromium sessions, one per agent, with ten simulated subscribers
 * (SPEC §4.2): each agent takes five from the live queue, every subscriber message appears once and in
 * order on its agent's page (pushed over the WebSocket, read from the database), every answer typed on a
 * page reaches its subscriber once and in order (counted in the sandbox WeChat's inbox) and shows as
 * delivered; a transfer moves a chat to the other agent's page, a close tells the subscriber, who is back
 * with the auto-reply. Screenshots {@code console-chat} and {@code console-transferred}.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AgentConsoleIT {

    static final String KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    static final String TOKEN = "consoleTok1";
    static final String SECRET = "0123456789abcdef0123456789abcdef";
    static final int SUBSCRIBERS = 10;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.product();
    }

    @ArquillianResource
    URL base;

    @Test
    void twoAgentsServeTenSubscribersLive() throws Exception {
        Http http = new Http(base);
        String appid = TestEnv.safeAccount(http, "人工客服台", SECRET, TOKEN, KEY);
        AgentChatIT.keyword(http, appid, "营业厅", "人民路1号营业厅");
        AgentChatIT.agent(http, "it-desk-one");
        AgentChatIT.agent(http, "it-desk-two");
        HttpResponse<String> max =
                http.json("PUT", "/api/console/agents/it-desk-two/max", AgentChatIT.superAdmin(), "{\"max\":6}");
        assertEquals(204, max.statusCode(), max.body());
        CallbackSimulator wechat = new CallbackSimulator(base.toString(), appid, TOKEN, KEY, CallbackMode.SAFE, null);
        String tag = Long.toHexString(System.nanoTime() & 0xffffff);
        List<String> users = new ArrayList<>();
        for (int i = 0; i < SUBSCRIBERS; i++) {
            users.add("oDesk" + tag + "u" + i);
        }

        try (Chromium one = Chromium.start("AgentConsoleIT", 1366, 900);
                Chromium two = Chromium.start("AgentConsoleIT", 1366, 900)) {
            signIn(one, "it-desk-one");
            signIn(two, "it-desk-two");

            // ten subscribers ask for a human and write before anyone takes them
            for (String u : users) {
                assertTrue(AgentChatIT.accepted(wechat.send(wechat.messages().text(u, "人工")))
                        .content()
                        .contains("人工客服"));
                AgentChatIT.assertSilent(wechat.send(wechat.messages().text(u, u + " 第1问")));
            }
            // the queue arrives live on both pages; each agent takes five, alternating
            for (Chromium b : List.of(one, two)) {
                wait(b).until(d -> waitingRow(b, users.get(SUBSCRIBERS - 1)) != null);
            }
            Map<String, Chromium> servedBy = new HashMap<>();
            for (int i = 0; i < SUBSCRIBERS; i++) {
                Chromium b = i % 2 == 0 ? one : two;
                String u = users.get(i);
                wait(b).until(d -> clicked(waitingRow(b, u), "button.take"));
                wait(b).until(d -> mineRow(b, u) != null);
                servedBy.put(u, b);
            }
            // exactly one page holds each subscriber
            for (String u : users) {
                Chromium other = servedBy.get(u) == one ? two : one;
                wait(other).until(d -> waitingRow(other, u) == null);
                assertEquals(null, mineRow(other, u), u + " on both pages");
            }

            // two more questions each, after the take; then every page shows the three once, in order
            for (String u : users) {
                AgentChatIT.assertSilent(wechat.send(wechat.messages().text(u, u + " 第2问")));
                AgentChatIT.assertSilent(wechat.send(wechat.messages().text(u, u + " 第3问")));
            }
            for (String u : users) {
                Chromium b = servedBy.get(u);
                open(b, u);
                List<String> expected = List.of(u + " 第1问", u + " 第2问", u + " 第3问");
                wait(b).until(d -> lines(b, "I").equals(expected));
                type(b, u + " 答1");
                type(b, u + " 答2");
                wait(b).until(d -> delivered(b).equals(List.of(u + " 答1", u + " 答2")));
            }
            for (String u : users) {
                assertEquals(
                        List.of(u + " 答1", u + " 答2"), AgentChatIT.awaitInbox(http, appid, u, 2), "once, in order");
            }
            one.screenshot("console-chat");

            // transfer one of agent one's chats to agent two, who answers and closes it
            String moved = users.get(0);
            open(one, moved);
            new Select(one.driver.findElement(By.id("transfer-to"))).selectByValue("it-desk-two");
            one.driver.findElement(By.id("transfer")).click();
            wait(one).until(d -> mineRow(one, moved) == null);
            wait(two).until(d -> mineRow(two, moved) != null);
            open(two, moved);
            wait(two).until(d -> lines(two, "I").size() == 3);
            type(two, moved + " 转接后的回答");
            wait(two).until(d -> delivered(two).contains(moved + " 转接后的回答"));
            two.screenshot("console-transferred");
            two.driver.findElement(By.id("close")).click();
            wait(two).until(d -> mineRow(two, moved) == null);
            List<String> inbox = AgentChatIT.awaitInbox(http, appid, moved, 4);
            assertEquals(List.of(moved + " 答1", moved + " 答2", moved + " 转接后的回答"), inbox.subList(0, 3));
            assertTrue(inbox.get(3).contains("本次人工服务已结束"), inbox.toString());
            assertEquals(
                    "人民路1号营业厅",
                    AgentChatIT.accepted(wechat.send(wechat.messages().text(moved, "营业厅")))
                            .content());
            Thread.sleep(1000);
            for (String u : users) {
                assertEquals(
                        u.equals(moved) ? 4 : 2,
                        AgentChatIT.inbox(http, appid, u).size(),
                        u + ": nothing twice");
            }
            // the others leave; their pages follow
            for (String u : users.subList(1, SUBSCRIBERS)) {
                AgentChatIT.accepted(wechat.send(wechat.messages().text(u, "退出")));
            }
            for (Chromium b : List.of(one, two)) {
                wait(b).until(d -> b.driver
                        .findElements(By.cssSelector("#mine .mine-item"))
                        .isEmpty());
            }
        }
    }

    private void signIn(Chromium b, String user) {
        b.driver.get(base + "login.html");
        wait(b).until(ExpectedConditions.visibilityOfElementLocated(By.id("username")))
                .sendKeys(user);
        b.driver.findElement(By.id("password")).sendKeys(AgentChatIT.PASSWORD);
        b.driver.findElement(By.id("signIn")).click();
        wait(b).until(ExpectedConditions.textToBePresentInElementLocated(By.id("me"), user));
        wait(b).until(d -> !d.findElement(By.id("live")).getAttribute("class").contains("off"));
    }

    private static WebDriverWait wait(Chromium b) {
        return b.waiting(Duration.ofSeconds(30));
    }

    private static WebElement waitingRow(Chromium b, String openid) {
        return row(b, "#waiting .waiting-item", openid);
    }

    private static WebElement mineRow(Chromium b, String openid) {
        return row(b, "#mine .mine-item", openid);
    }

    private static WebElement row(Chromium b, String css, String openid) {
        for (WebElement e : b.driver.findElements(By.cssSelector(css))) {
            try {
                if (e.getText().contains(openid)) {
                    return e;
                }
            } catch (org.openqa.selenium.StaleElementReferenceException rerendered) {
                return row(b, css, openid);
            }
        }
        return null;
    }

    /** Clicks (the element {@code css} inside) a row the page may be re-rendering; false to try again. */
    private static boolean clicked(WebElement row, String css) {
        if (row == null) {
            return false;
        }
        try {
            (css == null ? row : row.findElement(By.cssSelector(css))).click();
            return true;
        } catch (org.openqa.selenium.StaleElementReferenceException
                | org.openqa.selenium.NoSuchElementException
                | org.openqa.selenium.ElementClickInterceptedException e) {
            return false;
        }
    }

    private static void open(Chromium b, String openid) {
        wait(b).until(d -> clicked(mineRow(b, openid), null));
        wait(b).until(ExpectedConditions.textToBePresentInElementLocated(By.id("chat-title"), openid));
    }

    private static void type(Chromium b, String text) {
        WebElement box = b.driver.findElement(By.id("text"));
        box.sendKeys(text);
        b.driver.findElement(By.id("send")).click();
        wait(b).until(d -> lines(b, "O").contains(text));
    }

    /** The texts of the open conversation's lines of one direction, in the order shown. */
    private static List<String> lines(Chromium b, String direction) {
        try {
            return linesNow(b, direction);
        } catch (org.openqa.selenium.StaleElementReferenceException e) {
            return List.of();
        }
    }

    private static List<String> linesNow(Chromium b, String direction) {
        List<String> out = new ArrayList<>();
        for (WebElement e : b.driver.findElements(
                By.cssSelector("#lines .chat-line[data-direction='" + direction + "'] .content"))) {
            out.add(e.getText());
        }
        return out;
    }

    /** The agent's answers in the open conversation that the page shows as delivered. */
    private static List<String> delivered(Chromium b) {
        try {
            return deliveredNow(b);
        } catch (org.openqa.selenium.StaleElementReferenceException e) {
            return List.of();
        }
    }

    private static List<String> deliveredNow(Chromium b) {
        List<String> out = new ArrayList<>();
        for (WebElement e : b.driver.findElements(By.cssSelector("#lines .chat-line[data-direction='O']"))) {
            if ("D".equals(e.findElement(By.cssSelector(".meta")).getAttribute("data-delivery"))) {
                out.add(e.findElement(By.cssSelector(".content")).getText());
            }
        }
        return out;
    }
}
