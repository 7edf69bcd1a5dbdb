package org.wxplatform.sandbox.wechat.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class TemplatePushRulesTest {

    static SandboxConfig with(String json) {
        return SandboxConfig.DEFAULT.merge(
                Json.createReader(new StringReader(json)).readObject());
    }

    @Test
    void sharesOfBlockedAndFailedReceiptsAreDrawnInThatOrder() {
        SandboxConfig c = with("{\"templateBlockRate\":0.03,\"templateFailRate\":0.01}");
        assertEquals("failed:user block", c.drawOutcome(0.0));
        assertEquals("failed:user block", c.drawOutcome(0.0299));
        assertEquals("failed: system failed", c.drawOutcome(0.03));
        assertEquals("failed: system failed", c.drawOutcome(0.0399));
        assertEquals("success", c.drawOutcome(0.04));
        assertEquals("success", SandboxConfig.DEFAULT.drawOutcome(0.0));
    }

    @Test
    void theNewSettingsAreCheckedAndSurviveRedis() {
        assertThrows(IllegalArgumentException.class, () -> with("{\"templateBlockRate\":1.5}"));
        assertThrows(
                IllegalArgumentException.class, () -> with("{\"templateBlockRate\":0.6,\"templateFailRate\":0.6}"));
        assertThrows(IllegalArgumentException.class, () -> with("{\"templateDailyQuota\":0}"));
        assertThrows(IllegalArgumentException.class, () -> with("{\"templateReceiptsHeld\":1}"));
        SandboxConfig c =
                with("{\"templateMsgIdZeroRate\":0.05,\"templateDailyQuota\":50,\"templateReceiptsHeld\":true}");
        assertEquals(c, SandboxConfig.fromHash(c.toHash()));
        assertTrue(c.toJson().getBoolean("templateReceiptsHeld"));
        assertEquals(100_000, SandboxConfig.DEFAULT.templateDailyQuota());
    }

    @Test
    void theLibraryIsCheckedWhenSet() {
        assertEquals(2, SandboxTemplates.defaults().size());
        assertThrows(
                IllegalArgumentException.class,
                () -> SandboxTemplates.check(Json.createReader(
                                new StringReader("[{\"template_id\":\"bad id\",\"title\":\"t\",\"content\":\"c\"}]"))
                        .readArray()));
    }
}
