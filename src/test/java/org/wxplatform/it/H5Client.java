package org.wxplatform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A subscriber's phone browser for the H5 pages over plain HTTP: its own cookies, redirects followed by
 * hand, and the sandbox's web authorization answered for a chosen openid (as a person picking their user,
 * or opening the Moments snapshot of the page).
 */
final class H5Client {

    final URL base;
    final CookieManager cookies = new CookieManager();
    final HttpClient client;
    String csrf = "";

    H5Client(URL base) {
        this.base = base;
        this.client = HttpClient.newBuilder()
                .cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    URI url(String path) {
        return URI.create(base.toString()).resolve(path.startsWith("/") ? path.substring(1) : path);
    }

    /** Opens {@code page} (a path below the product) as {@code openid}: authorization, then the page (200). */
    HttpResponse<String> open(String page, String openid, boolean snapshot) throws Exception {
        HttpResponse<String> first = get(page);
        assertEquals(302, first.statusCode(), "a new browser goes to web authorization first: " + first.body());
        String authorize = first.headers().firstValue("Location").orElseThrow().replace("#wechat_redirect", "");
        HttpResponse<String> granted =
                send(URI.create(authorize + "&openid=" + openid + (snapshot ? "&snapshot=1" : "")));
        assertEquals(302, granted.statusCode(), granted.body());
        HttpResponse<String> back =
                send(URI.create(granted.headers().firstValue("Location").orElseThrow()));
        assertEquals(200, back.statusCode(), back.body());
        return back;
    }

    /** The H5 session cookie's value. */
    String sessionCookie() {
        return cookies.getCookieStore().getCookies().stream()
                .filter(c -> c.getName().equals("WXPH5"))
                .map(HttpCookie::getValue)
                .findFirst()
                .orElseThrow();
    }

    HttpResponse<String> get(String path) throws Exception {
        return send(url(path));
    }

    HttpResponse<String> send(URI uri) throws Exception {
        return client.send(
                HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(30))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    JsonObject getJson(String path, int status) throws Exception {
        HttpResponse<String> r = get(path);
        assertEquals(status, r.statusCode(), path + ": " + r.body());
        JsonObject o = json(r.body());
        if (o.containsKey("csrf")) {
            csrf = o.getString("csrf");
        }
        return o;
    }

    HttpResponse<String> post(String path, String body) throws Exception {
        assertTrue(csrf != null);
        return client.send(
                HttpRequest.newBuilder(url(path))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .header("X-WXP-CSRF", csrf)
                        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                        .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static JsonObject json(String body) {
        return Json.createReader(new StringReader(body)).readObject();
    }
}
