package org.wxplatform.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SandboxGateTest {

    @AfterEach
    void clearOverride() {
        System.clearProperty("wxp.sandbox");
    }

    @Test
    void onlyTrueSwitchesTheSandboxOnAndThePropertyOverridesTheEnvironment() {
        assertFalse(SandboxGate.enabled(null, null));
        assertFalse(SandboxGate.enabled(null, ""));
        assertFalse(SandboxGate.enabled(null, "false"));
        assertFalse(SandboxGate.enabled(null, "yes"));
        assertTrue(SandboxGate.enabled(null, "true"));
        assertTrue(SandboxGate.enabled(null, " TRUE "));
        assertFalse(SandboxGate.enabled("false", "true"), "the property wins");
        assertTrue(SandboxGate.enabled("true", "false"), "the property wins");
        assertTrue(SandboxGate.enabled(" ", "true"), "a blank property is not set");
    }

    @Test
    void offAnswers404AndNeverReachesTheSandbox() throws Exception {
        System.setProperty("wxp.sandbox", "false");
        AtomicInteger reached = new AtomicInteger();
        ServletFakes.Response response = new ServletFakes.Response();
        new SandboxGate()
                .doFilter(
                        ServletFakes.request("GET", "/wechat/accounts", null),
                        response.proxy,
                        (req, res) -> reached.incrementAndGet());
        assertEquals(404, response.sentError);
        assertEquals(0, reached.get());
    }

    @Test
    void onPassesTheRequestThrough() throws Exception {
        System.setProperty("wxp.sandbox", "true");
        AtomicInteger reached = new AtomicInteger();
        ServletFakes.Response response = new ServletFakes.Response();
        new SandboxGate()
                .doFilter(
                        ServletFakes.request("GET", "/wechat/accounts", null),
                        response.proxy,
                        (req, res) -> reached.incrementAndGet());
        assertEquals(1, reached.get());
        assertNull(response.sentError);
    }
}
