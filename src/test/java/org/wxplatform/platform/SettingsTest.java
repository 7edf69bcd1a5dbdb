package org.wxplatform.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.wxplatform.platform.config.Settings;

class SettingsTest {

    @Test
    void systemPropertyOverridesAndDefaultsApply() {
        System.setProperty("wxp.settings.test", "42");
        try {
            assertEquals(42, Settings.getInt("WXP_SETTINGS_TEST", 7));
            assertEquals(7, Settings.getInt("WXP_SETTINGS_ABSENT", 7));
            System.setProperty("wxp.settings.test", "Yes");
            assertTrue(Settings.getBoolean("WXP_SETTINGS_TEST", false));
            System.setProperty("wxp.settings.test", "maybe");
            var e = assertThrows(IllegalStateException.class, () -> Settings.getBoolean("WXP_SETTINGS_TEST", false));
            assertTrue(e.getMessage().contains("WXP_SETTINGS_TEST"));
        } finally {
            System.clearProperty("wxp.settings.test");
        }
    }
}
