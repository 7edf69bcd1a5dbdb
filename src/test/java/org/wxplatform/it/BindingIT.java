package org.wxplatform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
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

/**
 * Binding (SPEC §3.1) end to end against the sandbox WeChat and the carrier simulator: by keyword with the
 * code the simulator sent, wrong codes up to the limit, unknown numbers, unbinding, unbound users refused,
 * and the H5 page behind WeChat's web authorization.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class BindingIT {

    static final String BIND_FIRST = "查询和办理业务需要先绑定手机号。回复「绑定」开始绑定。";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.product();
    }

    @ArquillianResource
    URL base;

    @Test
    void bindByKeywordWithTheCodeTheCarrierSentThenUnbind() throws Exception {
        BusinessSupport biz = new BusinessSupport(base);
        String user = BusinessSupport.openid("oBind");
        String phone = BusinessSupport.phone();

        assertEquals(BIND_FIRST, biz.say(user, "积分"));
        assertEquals("请回复您要绑定的11位手机号码（回复「取消」退出）。", biz.say(user, "绑定"));
        assertEquals("验证码已发送至 " + BusinessSupport.mask(phone) + "，请在5分钟内回复短信中的6位验证码。", biz.say(user, phone));
        assertEquals(
                "绑定成功！您的微信已与 " + BusinessSupport.mask(phone) + " 绑定。回复「0」查看可查询和办理的业务。",
                biz.say(user, biz.smsCode(phone)));
        assertTrue(biz.say(user, "1.4").startsWith("【积分】" + BusinessSupport.mask(phone)), "business is open now");
        assertEquals("您已绑定 " + BusinessSupport.mask(phone) + "。如需更换号码，请先回复「解绑」。", biz.say(user, "绑定手机"));

        assertEquals("已解除与 " + BusinessSupport.mask(phone) + " 的绑定。需要时回复「绑定」重新绑定。", biz.say(user, "解绑"));
        assertEquals(BIND_FIRST, biz.say(user, "1.1.1"), "unbound again: business closed");
        assertEquals("您还没有绑定手机号。回复「绑定」绑定后即可查询和办理业务。", biz.say(user, "解除绑定"));
    }

    @Test
    void wrongCodesAreCountedAndTheFifthVoidsTheCode() throws Exception {
        BusinessSupport biz = new BusinessSupport(base);
        String user = BusinessSupport.openid("oWrong");
        String phone = BusinessSupport.phone();
        assertTrue(biz.click(user, "BIND").content().contains("11位手机号码"), "the menu key starts the dialogue");
        biz.say(user, phone);
        String right = biz.smsCode(phone);
        int wrong = 0;
        for (int left = 4; left >= 0; left--) {
            String code;
            do {
                code = String.format("%06d", ++wrong);
            } while (code.equals(right));
            String answer = biz.say(user, code); // different texts: the repeat screen lets each through
            if (left > 0) {
                assertEquals("验证码不正确，您还可以尝试" + left + "次。", answer);
            } else {
                assertEquals("验证码错误次数过多，本次验证码已失效。请回复「绑定」重新获取。", answer);
            }
        }
        assertNotEquals(
                "绑定成功", biz.say(user, right).substring(0, 4), "the right code no longer binds after five wrong ones");
        assertEquals(BIND_FIRST, biz.say(user, "查话费"));
    }

    @Test
    void numbersTheCarrierDoesNotKnowAreRefused() throws Exception {
        BusinessSupport biz = new BusinessSupport(base);
        String user = BusinessSupport.openid("oUnknown");
        biz.say(user, "绑定");
        assertEquals("号码格式不正确，请输入11位手机号码，如 13800138000。", biz.say(user, "12345678901"));
        assertEquals("号码格式不正确，请输入11位手机号码，如 13800138000。", biz.say(user, "13912"));
        assertEquals("号码 139****0000 不是本网用户，无法绑定。请检查号码后重新输入。", biz.say(user, "13912340000"));
        assertEquals("已退出手机号绑定。需要时回复「绑定」重新开始。", biz.say(user, "取消"));
    }

    @Test
    void unboundSubscribersAreRefusedEveryBusiness() throws Exception {
        BusinessSupport biz = new BusinessSupport(base);
        String user = BusinessSupport.openid("oNone");
        assertEquals(BIND_FIRST, biz.say(user, "1"));
        assertEquals(BIND_FIRST, biz.say(user, "2.1.3"));
        assertEquals(BIND_FIRST, biz.say(user, "流量"));
        assertEquals(BIND_FIRST, biz.click(user, "QUERY_BILL_TODAY").content());
    }

    @Test
    void theH5PageBindsAfterWebAuthorization() throws Exception {
        BusinessSupport biz = new BusinessSupport(base);
        String user = BusinessSupport.openid("oH5");
        String phone = BusinessSupport.phone();
        String appid = biz.appid;
        HttpClient browser = HttpClient.newBuilder()
                .cookieHandler(new java.net.CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();

        HttpResponse<String> first = get(browser, url("/h5/bind?appid=" + appid));
        assertEquals(302, first.statusCode(), "an unknown browser goes to web authorization first");
        String authorize = first.headers().firstValue("Location").orElseThrow().replace("#wechat_redirect", "");
        assertTrue(authorize.contains("/connect/oauth2/authorize?appid=" + appid), authorize);
        assertTrue(authorize.contains("scope=snsapi_base"), authorize);
        // the sandbox's authorize page issues the code for the openid it is given (the person's choice)
        HttpResponse<String> granted = get(browser, URI.create(authorize + "&openid=" + user));
        assertEquals(302, granted.statusCode(), granted.body());
        URI back = URI.create(granted.headers().firstValue("Location").orElseThrow());
        assertTrue(back.getPath().endsWith("/h5/bind/oauth"), back.toString());
        HttpResponse<String> page = get(browser, back);
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("<title>绑定手机号</title>"));
        assertEquals(400, get(browser, back).statusCode(), "a return URL works once (the state is used up)");

        JsonObject status = BusinessSupport.json(
                get(browser, url("/h5/bind/api/status?appid=" + appid)).body());
        assertFalse(status.getBoolean("bound"));
        String csrf = status.getString("csrf");
        assertTrue(csrf.length() >= 32);

        String phoneBody = "{\"phone\":\"" + phone + "\"}";
        assertEquals(403, post(browser, appid, "code", phoneBody, null).statusCode(), "no CSRF token");
        assertEquals(403, post(browser, appid, "code", phoneBody, "x" + csrf).statusCode(), "wrong CSRF token");
        assertEquals(
                400, post(browser, appid, "code", "{\"phone\":\"12\"}", csrf).statusCode(), "bad number");
        assertEquals(400, post(browser, appid, "code", "[1]", csrf).statusCode(), "not an object");
        HttpResponse<String> sent = post(browser, appid, "code", phoneBody, csrf);
        assertEquals(200, sent.statusCode(), sent.body());
        assertEquals("CODE_SENT", BusinessSupport.json(sent.body()).getString("outcome"));
        String right = biz.smsCode(phone);
        String wrong = right.equals("000000") ? "111111" : "000000";
        JsonObject refused = BusinessSupport.json(post(browser, appid, "confirm", "{\"code\":\"" + wrong + "\"}", csrf)
                .body());
        assertEquals("WRONG_CODE", refused.getString("outcome"));
        assertEquals(4, refused.getInt("attemptsLeft"));
        JsonObject bound = BusinessSupport.json(post(browser, appid, "confirm", "{\"code\":\"" + right + "\"}", csrf)
                .body());
        assertTrue(bound.getBoolean("ok"), bound.toString());
        assertEquals("BOUND", bound.getString("outcome"));

        status = BusinessSupport.json(
                get(browser, url("/h5/bind/api/status?appid=" + appid)).body());
        assertTrue(status.getBoolean("bound"));
        assertEquals(BusinessSupport.mask(phone), status.getString("phone"));
        assertTrue(biz.say(user, "积分").startsWith("【积分】" + BusinessSupport.mask(phone)), "the chat sees the binding");

        JsonObject unbound =
                BusinessSupport.json(post(browser, appid, "unbind", "{}", csrf).body());
        assertEquals("UNBOUND", unbound.getString("outcome"));
        assertEquals(BIND_FIRST, biz.say(user, "1.4"));

        HttpClient stranger = HttpClient.newBuilder().build();
        assertEquals(
                401, get(stranger, url("/h5/bind/api/status?appid=" + appid)).statusCode());
        assertEquals(
                404, get(stranger, url("/h5/bind?appid=wx0000000000000000")).statusCode());
    }

    @Test
    void anAuthorizationStartedInOneBrowserBindsNothingInAnother() throws Exception {
        BusinessSupport biz = new BusinessSupport(base);
        String appid = biz.appid;
        String victim = BusinessSupport.openid("oVictim");
        HttpClient attacker = browser();
        HttpClient other = browser();

        // the attacker starts the authorization and forwards the link in a chat; the victim opens it
        HttpResponse<String> first = get(attacker, url("/h5/bind?appid=" + appid));
        assertEquals(302, first.statusCode());
        assertTrue(
                first.headers().allValues("Set-Cookie").stream()
                        .anyMatch(c -> c.startsWith("WXPH5=") && c.contains("HttpOnly") && c.contains("SameSite=Lax")),
                first.headers().allValues("Set-Cookie").toString());
        String authorize = first.headers().firstValue("Location").orElseThrow().replace("#wechat_redirect", "");
        HttpResponse<String> granted = get(other, URI.create(authorize + "&openid=" + victim));
        assertEquals(302, granted.statusCode(), granted.body());
        URI back = URI.create(granted.headers().firstValue("Location").orElseThrow());
        HttpResponse<String> refused = get(other, back);
        assertEquals(403, refused.statusCode(), "another browser's state: " + refused.body());
        assertEquals(401, get(other, url("/h5/bind/api/status?appid=" + appid)).statusCode(), "no session there");
        assertEquals(400, get(attacker, back).statusCode(), "nor in the browser that started it: the state is used up");
        assertEquals(
                401, get(attacker, url("/h5/bind/api/status?appid=" + appid)).statusCode());

        // a state is good for the account it was made for only
        HttpResponse<String> again = get(attacker, url("/h5/bind?appid=" + appid));
        String state = URI.create(
                        again.headers().firstValue("Location").orElseThrow().replace("#wechat_redirect", ""))
                .getRawQuery()
                .replaceAll(".*state=([0-9a-f]+).*", "$1");
        String otherAccount = new BusinessSupport(base).appid;
        assertEquals(
                403,
                get(attacker, url("/h5/bind/oauth?appid=" + otherAccount + "&code=abc&state=" + state))
                        .statusCode());
    }

    @Test
    void theReturnAddressComesFromConfigurationNotFromTheHostHeader() throws Exception {
        String appid = new BusinessSupport(base).appid;
        String publicBase = System.getenv("WXP_PUBLIC_BASE_URL");
        assertTrue(publicBase != null && !publicBase.isBlank(), "WXP_PUBLIC_BASE_URL is set by scripts/test");
        // a raw request: HttpClient does not let a caller choose the Host header
        URI target = url("/h5/bind?appid=" + appid);
        String location;
        try (java.net.Socket socket = new java.net.Socket(target.getHost(), target.getPort())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream()
                    .write(("GET " + target.getRawPath() + "?" + target.getRawQuery() + " HTTP/1.1\r\n"
                                    + "Host: evil.example.org\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            String head = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(head.startsWith("HTTP/1.1 302"), head);
            location = head.lines()
                    .filter(l -> l.regionMatches(true, 0, "Location:", 0, 9))
                    .findFirst()
                    .orElseThrow()
                    .substring(9)
                    .trim();
        }
        String redirect = java.net.URLDecoder.decode(
                location.replaceAll(".*redirect_uri=([^&#]+).*", "$1"), StandardCharsets.UTF_8);
        String context = URI.create(base.toString()).getPath().replaceAll("/$", "");
        assertTrue(redirect.startsWith(publicBase + context + "/h5/bind/oauth?appid=" + appid), redirect);
        assertFalse(location.contains("evil.example.org"), location);
    }

    private static HttpClient browser() {
        return HttpClient.newBuilder()
                .cookieHandler(new java.net.CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    private URI url(String path) {
        return URI.create(base.toString()).resolve(path.substring(1));
    }

    private static HttpResponse<String> get(HttpClient client, URI uri) throws Exception {
        return client.send(
                HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(20))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> post(HttpClient client, String appid, String call, String json, String csrf)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(
                        url("/h5/bind/api/" + call + "?appid=" + URLEncoder.encode(appid, StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        if (csrf != null) {
            b.header("X-WXP-CSRF", csrf);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
