package org.wxplatform.platform.config;

import java.util.Locale;
import java.util.Optional;

/**
 * Configuration read from the environment (ARCHITECTURE.md, "External interfaces"), with a system
 * property of the same name in lower case and dots ({@code WXP_REDIS_URL} → {@code wxp.redis.url}) as
 * an override for tests. Every setting has a local default that works on a development machine.
 */
public final class Settings {

    private Settings() {}

    public static Optional<String> find(String envName) {
        String property = System.getProperty(propertyName(envName));
        if (property != null && !property.isBlank()) {
            return Optional.of(property.trim());
        }
        String env = System.getenv(envName);
        if (env != null && !env.isBlank()) {
            return Optional.of(env.trim());
        }
        return Optional.empty();
    }

    public static String get(String envName, String defaultValue) {
        return find(envName).orElse(defaultValue);
    }

    public static int getInt(String envName, int defaultValue) {
        return find(envName).map(v -> parseInt(envName, v)).orElse(defaultValue);
    }

    public static boolean getBoolean(String envName, boolean defaultValue) {
        return find(envName)
                .map(v -> switch (v.toLowerCase(Locale.ROOT)) {
                    case "true", "1", "yes", "on" -> true;
                    case "false", "0", "no", "off" -> false;
                    default -> throw new IllegalStateException(envName + " must be true or false, not '" + v + "'");
                })
                .orElse(defaultValue);
    }

    static String propertyName(String envName) {
        return envName.toLowerCase(Locale.ROOT).replace('_', '.');
    }

    private static int parseInt(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalStateException(name + " must be a whole number, not '" + value + "'", e);
        }
    }
}
