package org.wxplatform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What an anonymous caller learns: no detail of the node's dependencies, no internal error text. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AnonymousCallerIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.product();
    }

    @ArquillianResource
    URL base;

    @Test
    void healthDetailIsForThisMachineAndAdminsOnly() throws Exception {
        Http http = new Http(base);
        HttpResponse<String> local = http.get("/health", null);
        assertEquals(200, local.statusCode(), local.body());
        assertTrue(local.body().contains("\"checks\""), "a local caller sees the detail: " + local.body());

        // a visitor from outside, as the balancer (a trusted proxy) reports it
        HttpResponse<String> outside = http.client()
                .send(
                        HttpRequest.newBuilder(URI.create(base.toString()).resolve("health"))
                                .header("X-Real-IP", "203.0.113.7")
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, outside.statusCode());
        assertEquals("{\"status\":\"UP\"}", outside.body());
        assertFalse(outside.body().contains("mysql") || outside.body().contains("node"), outside.body());
    }

    @Test
    void unknownAndMalformedAppidsAre404WithoutDetail() throws Exception {
        Http http = new Http(base);
        for (String appid :
                new String[] {TestEnv.newAppid(), "wx%27%20or%201%3D1", "x".repeat(200), "wx0000000000000000%2F..%2F"
                }) {
            HttpResponse<String> r = http.send(
                    "POST", "/wx/callback/" + appid + "?signature=x&timestamp=1&nonce=1", null, "text/xml", "<xml/>");
            assertTrue(r.statusCode() == 404 || r.statusCode() == 400, appid + ": " + r.statusCode());
            assertFalse(r.body().contains("Exception") || r.body().contains("at org."), r.body());
        }
    }
}
