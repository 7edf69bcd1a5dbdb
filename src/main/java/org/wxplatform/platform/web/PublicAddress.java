package org.wxplatform.platform.web;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.wxplatform.platform.config.Settings;

/**
 * Where people reach the product, from configuration only (a request's Host header is the caller's to
 * choose): {@code WXP_PUBLIC_BASE_URL} (e.g. {@code https://wx.example.com}; default this node's own port on
 * loopback, for the sandbox) for the links handed to subscribers' browsers, and {@code WXP_ADMIN_ORIGINS}
 * (comma-separated origins; default the public base's) for the pages that may write to the admin API.
 */
public final class PublicAddress {

    private PublicAddress() {}

    /** The public base URL, without a trailing slash. */
    public static String base() {
        String base = Settings.get("WXP_PUBLIC_BASE_URL", "http://127.0.0.1:" + Settings.get("WXP_HTTP_PORT", "8080"));
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** The origins ({@code scheme://host[:port]}, lower case) whose pages may write. */
    static Set<String> adminOrigins() {
        String configured = Settings.get("WXP_ADMIN_ORIGINS", "");
        String list = configured.isBlank() ? origin(base()) : configured;
        return Arrays.stream(list.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(PublicAddress::origin)
                .collect(Collectors.toUnmodifiableSet());
    }

    /**
     * True when a browser sent this request from another site's page: {@code Sec-Fetch-Site} says so, or
     * (older browsers) its {@code Origin} is not one of {@link #adminOrigins}. A request with neither header
     * comes from a program (curl, scripts), which no other site can make a browser send.
     */
    public static boolean crossSite(HttpServletRequest request) {
        return crossSite(request.getHeader("Sec-Fetch-Site"), request.getHeader("Origin"));
    }

    /** {@link #crossSite(HttpServletRequest)} from the two headers (a WebSocket handshake has no servlet request). */
    public static boolean crossSite(String site, String origin) {
        if (site != null) {
            return !("same-origin".equalsIgnoreCase(site.trim()) || "none".equalsIgnoreCase(site.trim()));
        }
        return origin != null && !adminOrigins().contains(origin(origin));
    }

    static String origin(String url) {
        try {
            URI u = URI.create(url.trim());
            if (u.getScheme() == null || u.getHost() == null) {
                return url.trim().toLowerCase(Locale.ROOT);
            }
            String scheme = u.getScheme().toLowerCase(Locale.ROOT);
            int port = u.getPort();
            boolean usual = port == -1 || "http".equals(scheme) && port == 80 || "https".equals(scheme) && port == 443;
            return scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + (usual ? "" : ":" + port);
        } catch (IllegalArgumentException e) {
            return url.trim().toLowerCase(Locale.ROOT); // "null" and other non-URLs match nothing configured
        }
    }
}
