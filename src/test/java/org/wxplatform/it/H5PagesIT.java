package org.wxplatform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
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

/**
 * The subscribers' H5 pages in headless Chromium as a phone (375 x 812, an iPhone WeChat user agent),
 * through the sandbox's web authorization: binding on the WeUI page, a package order with its
 * confirmation, a query, an activity page whose JS-SDK config the sandbox accepts (signed, as iOS needs,
 * over the address the page was entered with), a snapshot-page visitor refused; and the admin's
 * activity editor with its phone preview, and its audience by WeChat tag. Screenshots go to {@code target/screenshots/} (docs/img/h5-*).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class H5PagesIT {

    static final String IPHONE_WECHAT = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15"
            + " (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.49(0x18003137) NetType/WIFI Language/zh_CN";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.product();
    }

    @ArquillianResource
    URL base;

    private static Chromium phone(String test) throws Exception {
        Chromium browser = Chromium.start(test, 375, 812);
        browser.driver.executeCdpCommand("Network.setUserAgentOverride", Map.of("userAgent", IPHONE_WECHAT));
        browser.driver.executeCdpCommand(
                "Emulation.setDeviceMetricsOverride",
                Map.of("width", 375, "height", 812, "deviceScaleFactor", 2, "mobile", true));
        return browser;
    }

    /** Opens {@code page} and answers the sandbox's authorization as {@code openid}. */
    private void authorize(Chromium browser, String page, String openid, boolean snapshot) {
        var driver = browser.driver;
        driver.get(base + page.substring(1));
        WebDriverWait wait = browser.waiting(Duration.ofSeconds(20));
        wait.until(ExpectedConditions.urlContains("/connect/oauth2/authorize"));
        // the sandbox's page lists its users; a person picks one (here: by address, for a fresh openid)
        String authorize = driver.getCurrentUrl().replace("#wechat_redirect", "");
        driver.get(authorize + "&openid=" + openid + (snapshot ? "&snapshot=1" : ""));
        wait.until(ExpectedConditions.not(ExpectedConditions.urlContains("/connect/oauth2/authorize")));
    }

    @Test
    void bindOrderQueryAndAnActivityOnAPhone() throws Exception {
        BusinessSupport biz = new BusinessSupport(base);
        String appid = biz.appid;
        String openid = BusinessSupport.openid("oPhone");
        String number = BusinessSupport.phone();
        String path = "/api/admin/accounts/" + appid + "/activities";
        HttpResponse<String> up = ActivitiesIT.upload(
                base,
                "/api/admin/accounts/" + appid + "/images",
                Http.basic(TestEnv.ADMIN, TestEnv.adminPassword()),
                "banner.png",
                ActivitiesIT.png());
        assertEquals(201, up.statusCode(), up.body());
        String image = ActivitiesIT.json(up.body()).getString("url");
        long id = ActivitiesIT.publish(
                biz.http,
                path,
                ActivitiesIT.input(
                        "双旦流量大抽奖",
                        "LOTTERY",
                        "BOUND",
                        image,
                        "[{\"name\":\"1GB流量\",\"stock\":10,\"chanceBp\":10000},{\"name\":\"100MB流量\",\"stock\":50,\"chanceBp\":0}]"));

        try (Chromium browser = phone("H5PagesIT")) {
            var driver = browser.driver;
            WebDriverWait wait = browser.waiting(Duration.ofSeconds(30));

            // binding on the WeUI page
            authorize(browser, "/h5/bind?appid=" + appid, openid, false);
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("phone")))
                    .sendKeys(number);
            assertFalse(driver.getCurrentUrl().contains("code="), "the page cleaned its address");
            assertEquals(
                    "rgba(7, 193, 96, 1)",
                    driver.findElement(By.id("confirm")).getCssValue("background-color"),
                    "WeUI's primary button: the style sheet served by the WAR applies");
            driver.findElement(By.id("sendCode")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("msg"), "验证码已发送"));
            driver.findElement(By.id("code")).sendKeys(biz.smsCode(number));
            browser.screenshot("h5-bind");
            driver.findElement(By.id("confirm")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("boundView")));
            assertEquals(
                    BusinessSupport.mask(number),
                    driver.findElement(By.id("boundPhone")).getText());
            browser.screenshot("h5-bound");

            // a package order with its confirmation (the session carries over: no second authorization)
            driver.get(base + "h5/order?appid=" + appid);
            WebElement pkg =
                    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("input[value='2.1.3']")));
            assertTrue(driver.findElement(By.id("who")).getText().contains(BusinessSupport.mask(number)));
            driver.findElement(By.cssSelector("label[for='" + pkg.getAttribute("id") + "']"))
                    .click();
            wait.until(ExpectedConditions.elementToBeClickable(By.id("order"))).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#dialog .weui-dialog")));
            browser.screenshot("h5-order-confirm");
            driver.findElement(By.cssSelector("#dialog [data-confirm]")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("msg"), "1GB月包"));
            browser.screenshot("h5-order");

            // a query of the bound number
            driver.get(base + "h5/query?appid=" + appid);
            wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-kind='DATA_USAGE']")))
                    .click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("answer")));
            assertTrue(driver.findElement(By.id("answer")).getText().contains(BusinessSupport.mask(number)));
            browser.screenshot("h5-query");
        }

        // the activity opened from its entry URL in WeChat on iOS: share config signed over the entry address
        try (Chromium browser = phone("H5PagesIT")) {
            var driver = browser.driver;
            WebDriverWait wait = browser.waiting(Duration.ofSeconds(30));
            authorize(browser, "/h5/activity?appid=" + appid + "&id=" + id, openid, false);
            wait.until(
                    ExpectedConditions.attributeToBeNotEmpty(driver.findElement(By.tagName("body")), "data-wx-config"));
            assertEquals("双旦流量大抽奖", driver.findElement(By.id("title")).getText());
            JsonObject cfg =
                    ActivitiesIT.json(driver.findElement(By.tagName("body")).getAttribute("data-wx-config"));
            String signedPage = driver.findElement(By.tagName("body")).getAttribute("data-wx-page");
            assertTrue(
                    signedPage.contains("code="),
                    "on iOS the entry address (with WeChat's code) is signed: " + signedPage);
            assertFalse(driver.getCurrentUrl().contains("code="), "while the address bar was cleaned");
            assertEquals(System.getenv("WXP_PUBLIC_BASE_URL") + signedPage, cfg.getString("url"));
            assertTrue(check(biz.http, appid, cfg), "the sandbox accepts the page's JS-SDK signature: " + cfg);
            assertEquals(
                    "absent",
                    driver.findElement(By.tagName("body")).getAttribute("data-wx-sdk"),
                    "no jweixin file is shipped; the page runs without it");
            browser.screenshot("h5-activity");
            wait.until(ExpectedConditions.elementToBeClickable(By.id("draw"))).click();
            wait.until(ExpectedConditions.attributeToBe(By.id("result"), "data-outcome", "WON"));
            assertTrue(driver.findElement(By.id("result")).getText().contains("1GB流量"));
            assertEquals(
                    "1GB流量", driver.findElement(By.cssSelector("#grid .on")).getText(), "the wheel stops on the prize");
            browser.screenshot("h5-activity-won");
        }

        // a snapshot-page visitor: the page shows, the order is refused, nothing is ordered
        try (Chromium browser = phone("H5PagesIT")) {
            var driver = browser.driver;
            WebDriverWait wait = browser.waiting(Duration.ofSeconds(30));
            authorize(browser, "/h5/order?appid=" + appid, openid, true);
            WebElement pkg =
                    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("input[value='2.1.3']")));
            driver.findElement(By.cssSelector("label[for='" + pkg.getAttribute("id") + "']"))
                    .click();
            wait.until(ExpectedConditions.elementToBeClickable(By.id("order"))).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#dialog .weui-dialog")));
            driver.findElement(By.cssSelector("#dialog [data-confirm]")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("msg"), "朋友圈快照页"));
            assertFalse(driver.findElement(By.id("order")).isEnabled());
            browser.screenshot("h5-snapshot-refused");
            // and the activity page draws nothing for the visitor
            driver.get(base + "h5/activity?appid=" + appid + "&id=" + id);
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("msg"), "朋友圈快照页"));
            assertFalse(driver.findElement(By.id("draw")).isEnabled());
        }
        HttpResponse<String> records = biz.http.get(
                "/api/admin/accounts/" + appid + "/activities/" + id + "/records",
                Http.basic(TestEnv.ADMIN, TestEnv.adminPassword()));
        assertEquals(
                1, ActivitiesIT.json(records.body()).getJsonArray("rows").size(), "one record: the bound subscriber's");
    }

    @Test
    void theActivityEditorPreviewsThePageInAPhoneFrame() throws Exception {
        BusinessSupport biz = new BusinessSupport(base);
        String appid = biz.appid;
        String auth = Http.basic(TestEnv.ADMIN, TestEnv.adminPassword());
        HttpResponse<String> up = ActivitiesIT.upload(
                base, "/api/admin/accounts/" + appid + "/images", auth, "banner.png", ActivitiesIT.png());
        String image = ActivitiesIT.json(up.body()).getString("url");
        HttpResponse<String> created = biz.http.json(
                "POST",
                "/api/admin/accounts/" + appid + "/activities",
                auth,
                ActivitiesIT.input(
                        "摇一摇赢流量", "SHAKE", "ALL", image, "[{\"name\":\"500MB流量\",\"stock\":100,\"chanceBp\":2000}]"));
        assertEquals(201, created.statusCode(), created.body());
        long id = ActivitiesIT.json(created.body()).getJsonNumber("id").longValue();

        try (Chromium browser = Chromium.start("H5PagesIT", 1366, 900)) {
            var driver = browser.driver;
            WebDriverWait wait = browser.waiting(Duration.ofSeconds(30));
            driver.get(base + "login.html");
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")))
                    .sendKeys(TestEnv.ADMIN);
            driver.findElement(By.id("password")).sendKeys(TestEnv.adminPassword());
            driver.findElement(By.id("signIn")).click();
            wait.until(ExpectedConditions.urlContains("/admin/"));
            driver.get(base + "admin/activities.html?appid=" + appid);
            wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-open='" + id + "']")))
                    .click();
            wait.until(ExpectedConditions.attributeContains(By.id("phone"), "src", "preview=1"));
            driver.switchTo().frame("phone");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("title"), "摇一摇赢流量"));
            assertTrue(driver.findElement(By.id("previewBar")).isDisplayed());
            assertFalse(driver.findElement(By.id("shakeBtn")).isEnabled(), "no draw in a preview");
            driver.switchTo().defaultContent();
            browser.screenshot("admin-activities");
            // below the fold of the window: clicked as a script would, after which the page asks to confirm
            driver.executeScript(
                    "const b = arguments[0]; setTimeout(() => b.click(), 0)", driver.findElement(By.id("publish")));
            wait.until(ExpectedConditions.alertIsPresent()).accept();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("entryUrl")));
            wait.until(d ->
                    d.findElement(By.id("entryUrl")).getAttribute("value").contains("/h5/activity?appid=" + appid));
            assertTrue(driver.findElement(By.id("state")).getText().contains("已发布"));
            // the entry URL into the menu's draft through the menu API
            String entry = driver.findElement(By.id("entryUrl")).getAttribute("value");
            driver.executeScript("arguments[0].click()", driver.findElement(By.id("addMenu")));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), "已加入菜单草稿"));
            JsonObject menu = ActivitiesIT.json(
                    biz.http.get("/api/admin/accounts/" + appid + "/menu", auth).body());
            assertEquals(
                    entry,
                    menu.getJsonObject("draft")
                            .getJsonArray("button")
                            .getJsonObject(0)
                            .getString("url"));
            assertEquals(
                    "摇一摇赢流",
                    menu.getJsonObject("draft")
                            .getJsonArray("button")
                            .getJsonObject(0)
                            .getString("name"),
                    "the title cut to a top button's 16 bytes (5 Chinese characters)");
        }
    }

    @Test
    void theActivityEditorOffersTheAccountsWeChatTagsAsAnAudience() throws Exception {
        BusinessSupport biz = new BusinessSupport(base);
        String appid = biz.appid;
        ActivityTagsIT.Tags tags = new ActivityTagsIT.Tags(biz.http, appid);
        tags.create("金卡会员");
        long tag = tags.create("流量达人");
        assertEquals(0, tags.tag(tag, BusinessSupport.openid("oFan"), BusinessSupport.openid("oFan")));

        // a taller window: the list, the audience with its tag and the phone preview in one picture
        try (Chromium browser = Chromium.start("H5PagesIT", 1366, 1150)) {
            var driver = browser.driver;
            WebDriverWait wait = browser.waiting(Duration.ofSeconds(30));
            driver.get(base + "login.html");
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")))
                    .sendKeys(TestEnv.ADMIN);
            driver.findElement(By.id("password")).sendKeys(TestEnv.adminPassword());
            driver.findElement(By.id("signIn")).click();
            wait.until(ExpectedConditions.urlContains("/admin/"));
            driver.get(base + "admin/activities.html?appid=" + appid);
            wait.until(ExpectedConditions.elementToBeClickable(By.id("newActivity")))
                    .click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("title")))
                    .sendKeys("流量达人专享抽奖");
            assertTrue(driver.findElement(By.id("tagArea")).getAttribute("hidden") != null, "no tag for 全部");
            new Select(driver.findElement(By.id("audience"))).selectByValue("TAG");
            // the select is filled from the account's tags at WeChat, with how many carry each
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#tag option[value='" + tag + "']")));
            assertEquals(
                    "流量达人（2 人）",
                    driver.findElement(By.cssSelector("#tag option[value='" + tag + "']"))
                            .getText());
            new Select(driver.findElement(By.id("tag"))).selectByValue(Long.toString(tag));
            assertTrue(driver.findElement(By.id("audienceHint")).getText().contains("微信用户标签"));
            driver.executeScript("arguments[0].click()", driver.findElement(By.id("save")));
            // saved: the list says who may take part, the phone preview tells the operator too
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("list"), "标签：流量达人"));
            wait.until(ExpectedConditions.attributeContains(By.id("phone"), "src", "preview=1"));
            driver.switchTo().frame("phone");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("previewBar"), "带「流量达人」标签的用户"));
            driver.switchTo().defaultContent();
            assertEquals(
                    Long.toString(tag),
                    new Select(driver.findElement(By.id("tag")))
                            .getFirstSelectedOption()
                            .getAttribute("value"));
            browser.screenshot("admin-activities-tag");
        }
        JsonObject saved = ActivitiesIT.json(biz.http
                        .get(
                                "/api/admin/accounts/" + appid + "/activities",
                                Http.basic(TestEnv.ADMIN, TestEnv.adminPassword()))
                        .body())
                .getJsonArray("rows")
                .getJsonObject(0);
        assertEquals("TAG", saved.getString("audience"));
        assertEquals(tag, saved.getJsonNumber("tagId").longValue());
        assertEquals("流量达人", saved.getString("tagName"));
    }

    private static boolean check(Http http, String appid, JsonObject cfg) throws Exception {
        HttpResponse<String> r = http.get(
                "/sandbox/wechat/control/" + appid + "/jssdk-check?url=" + ActivitiesIT.enc(cfg.getString("url"))
                        + "&noncestr=" + ActivitiesIT.enc(cfg.getString("nonceStr")) + "&timestamp="
                        + cfg.getJsonNumber("timestamp").longValue() + "&signature=" + cfg.getString("signature"),
                null);
        assertEquals(200, r.statusCode(), r.body());
        return ActivitiesIT.json(r.body()).getBoolean("valid");
    }
}
