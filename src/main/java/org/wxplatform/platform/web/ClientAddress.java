package org.wxplatform.platform.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.wxplatform.platform.config.Settings;

/**
 * The address of the person or program behind a request. Behind the front (nginx sets {@code
 * X-Real-IP}), the peer is the balancer: its header is believed only when the peer is one of {@code
 * WXP_TRUSTED_PROXIES} (comma-separated addresses; default loopback), so a client that reaches a node
 * directly cannot choose its own address.
 */
public final class ClientAddress {

    private static final Set<String> TRUSTED = Arrays.stream(
                    Settings.get("WXP_TRUSTED_PROXIES", "127.0.0.1,::1,0:0:0:0:0:0:0:1")
                            .split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toUnmodifiableSet());

    private ClientAddress() {}

    public static String of(HttpServletRequest request) {
        return of(request.getRemoteAddr(), request.getHeader("X-Real-IP"), TRUSTED);
    }

    /** True when the client reached the front over TLS ({@code X-Forwarded-Proto: https} from a trusted proxy). */
    public static boolean overTls(HttpServletRequest request) {
        return request.isSecure()
                || TRUSTED.contains(request.getRemoteAddr())
                        && "https"
                                .equalsIgnoreCase(String.valueOf(request.getHeader("X-Forwarded-Proto"))
                                        .trim());
    }

    static String of(String peer, String realIp, Set<String> trusted) {
        if (realIp != null && trusted.contains(peer) && isAddress(realIp.trim())) {
            return realIp.trim();
        }
        return peer;
    }

    /** An IPv4 or IPv6 literal (characters and length only: it is used as a key, never resolved). */
    static boolean isAddress(String s) {
        if (s.isEmpty() || s.length() > 45) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == '.' || c == ':')) {
                return false;
            }
        }
        return s.indexOf('.') > 0 || s.indexOf(':') >= 0;
    }
}
