package org.wxplatform.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
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
 * {@code POST /api/admin/accounts/{appid}/images}: an operator's picture becomes a permanent image at
 * (the sandbox's) WeChat, whose URL shows the same bytes; everything that is not a plain, non-empty image
 * of at most 10 MB is refused with 400 naming the problem, and never reaches WeChat.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ImageUploadIT {

    static final String KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    static final byte[] PNG_HEAD = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.product();
    }

    @ArquillianResource
    URL base;

    static final java.net.http.HttpClient HTTP_1_1 = java.net.http.HttpClient.newBuilder()
            .version(java.net.http.HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @Test
    void aPictureBecomesAPermanentImageAndEverythingElseIsRefused() throws Exception {
        Http http = new Http(base);
        String appid = TestEnv.safeAccount(http, "图片号", "0123456789abcdef0123456789abcdef", "imgToken1", KEY);
        String admin = Http.basic(TestEnv.ADMIN, TestEnv.adminPassword());
        String path = "/api/admin/accounts/" + appid + "/images";

        byte[] png = picture(PNG_HEAD, 5000);
        HttpResponse<String> created = upload(path, admin, "file", "菜单图.png", png);
        assertEquals(201, created.statusCode(), created.body());
        JsonObject image = parse(created.body());
        assertTrue(image.getString("mediaId").length() >= 16, image.toString());
        HttpResponse<byte[]> shown = http.client()
                .send(
                        HttpRequest.newBuilder(URI.create(image.getString("url")))
                                .timeout(Duration.ofSeconds(20))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, shown.statusCode());
        assertEquals("image/png", shown.headers().firstValue("Content-Type").orElse(""));
        assertArrayEquals(png, shown.body(), "the URL shows the uploaded picture");

        // judged by its content: a JPEG under a .png name (and one with no extension) is taken as a JPEG
        byte[] jpeg = picture(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0}, 3000);
        assertEquals(201, upload(path, admin, "file", "photo.png", jpeg).statusCode());
        assertEquals(201, upload(path, admin, "file", "photo", jpeg).statusCode());

        String[][] refused = {
            {"other", "x.png", "file"}, // no part named file
            {"file", "empty.png", "empty"},
            {"file", "notes.png", "not an image"},
            {"file", "../x.png", "path"},
            {"file", "dir/x.png", "path"},
            {"file", "c:\\dir\\x.png", "path"}
        };
        for (String[] r : refused) {
            byte[] content = r[1].equals("empty.png")
                    ? new byte[0]
                    : r[1].equals("notes.png") ? "<?php echo 1; ?>".getBytes(StandardCharsets.UTF_8) : png;
            HttpResponse<String> answer = upload(path, admin, r[0], r[1], content);
            assertEquals(400, answer.statusCode(), r[1] + ": " + answer.body());
            assertTrue(answer.body().startsWith("{"), r[1] + " answered " + answer.body() + " " + answer.headers());
            String error = parse(answer.body()).getString("error");
            assertTrue(error.startsWith("file:") && error.contains(r[2]), r[1] + ": " + error);
        }
        HttpResponse<String> big = upload(path, admin, "file", "big.png", picture(PNG_HEAD, (10 << 20) + 1));
        assertEquals(400, big.statusCode(), big.body());
        assertTrue(parse(big.body()).getString("error").contains("10 MB"), big.body());
        // the same without a length (chunked): refused while it is read
        HttpResponse<String> chunked = upload(path, admin, "file", "big.png", picture(PNG_HEAD, (10 << 20) + 1), true);
        assertEquals(400, chunked.statusCode(), chunked.body());
        assertTrue(parse(chunked.body()).getString("error").contains("10 MB"), chunked.body());
        assertEquals(
                201,
                upload(path, admin, "file", "small.gif", picture(new byte[] {'G', 'I', 'F', '8', '9', 'a'}, 64), true)
                        .statusCode());

        assertEquals(
                404,
                upload("/api/admin/accounts/wx00000000000000ff/images", admin, "file", "a.png", png)
                        .statusCode());
        assertEquals(401, upload(path, null, "file", "a.png", png).statusCode());
        assertEquals(
                403, upload(path, user(http, "ADMIN"), "file", "a.png", png).statusCode());
        assertEquals(
                403, upload(path, user(http, "AGENT"), "file", "a.png", png).statusCode());

        HttpResponse<String> stats = http.get("/sandbox/wechat/control/" + appid + "/stats", null);
        assertEquals(200, stats.statusCode(), stats.body());
        assertEquals(
                4,
                parse(stats.body()).getJsonObject("calls").getInt("/cgi-bin/material/add_material", 0),
                "only the four pictures reached WeChat: " + stats.body());
    }

    private static byte[] picture(byte[] head, int size) {
        byte[] b = new byte[size];
        for (int i = head.length; i < size; i++) {
            b[i] = (byte) (i * 31);
        }
        System.arraycopy(head, 0, b, 0, head.length);
        return b;
    }

    private HttpResponse<String> upload(
            String path, String authorization, String field, String filename, byte[] content)
            throws IOException, InterruptedException {
        return upload(path, authorization, field, filename, content, false);
    }

    private HttpResponse<String> upload(
            String path, String authorization, String field, String filename, byte[] content, boolean chunked)
            throws IOException, InterruptedException {
        String boundary = "----wxpimg" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream(content.length + 512);
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\""
                        + filename + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.write(content);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder b = HttpRequest.newBuilder(
                        URI.create(base.toString()).resolve(path.substring(1)))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(
                        chunked
                                ? HttpRequest.BodyPublishers.ofInputStream(
                                        () -> new java.io.ByteArrayInputStream(body.toByteArray()))
                                : HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        // HTTP/1.1 as browsers and Nginx send uploads (an h2c upgrade would make the server buffer the body)
        return HTTP_1_1.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String user(Http http, String role) throws Exception {
        String user = "img" + role.toLowerCase(java.util.Locale.ROOT) + Long.toHexString(System.nanoTime());
        assertEquals(
                201,
                http.json(
                                "PUT",
                                "/api/admin/users/" + user,
                                Http.basic(TestEnv.ADMIN, TestEnv.adminPassword()),
                                "{\"password\":\"image-pass-1\",\"role\":\"" + role + "\"}")
                        .statusCode());
        return Http.basic(user, "image-pass-1");
    }

    private static JsonObject parse(String body) {
        return Json.createReader(new StringReader(body)).readObject();
    }
}
