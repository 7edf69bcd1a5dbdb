package org.wxplatform.h5.jssdk;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * WeChat's JS-SDK signature: {@code sha1("jsapi_ticket=T&noncestr=N&timestamp=S&url=U")}, the four
 * fields in that (ASCII) order, hex in lower case. The url is the page's full address without its
 * {@code #} part, exactly as the browser shows it; a page address differing by one character fails
 * {@code wx.config} with "invalid signature".
 */
public final class JsSdkSignature {

    /** A page path below the product: no '#', no control characters, no backslashes, no spaces. */
    private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*");

    private static final Pattern QUERY = Pattern.compile("[A-Za-z0-9._~!$&'()*+,;=:@%/?-]*");

    private JsSdkSignature() {}

    public static String sign(String ticket, String nonceStr, long timestamp, String url) {
        String plain = "jsapi_ticket=" + ticket + "&noncestr=" + nonceStr + "&timestamp=" + timestamp + "&url=" + url;
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-1").digest(plain.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-1", e);
        }
    }

    /**
     * The address to sign for the page at {@code page} (its path and query as the browser has it, e.g.
     * {@code /wxplatform/h5/activity?appid=wx..&id=3}): the configured public base, then the page. Empty
     * when {@code page} is not a page of the product's H5 part below {@code contextPath}, or has odd
     * characters; anything from a {@code #} on is cut off (WeChat signs without it).
     */
    public static Optional<String> pageUrl(String publicBase, String contextPath, String page) {
        if (page == null || page.length() > 1024) {
            return Optional.empty();
        }
        int hash = page.indexOf('#');
        String p = hash >= 0 ? page.substring(0, hash) : page;
        int q = p.indexOf('?');
        String path = q >= 0 ? p.substring(0, q) : p;
        String query = q >= 0 ? p.substring(q + 1) : null;
        if (!PATH.matcher(path).matches()
                || !path.startsWith(contextPath + "/h5/")
                || path.contains("/../")
                || path.contains("/./")
                || (query != null && !QUERY.matcher(query).matches())) {
            return Optional.empty();
        }
        return Optional.of(publicBase + path + (query == null ? "" : "?" + query));
    }

    /**
     * The link a share card carries: the page's address without the one-time {@code code} and {@code state}
     * of web authorization (a friend who opens it is authorized afresh).
     */
    public static String shareLink(String url) {
        int q = url.indexOf('?');
        if (q < 0) {
            return url;
        }
        StringBuilder kept = new StringBuilder();
        for (String pair : url.substring(q + 1).split("&")) {
            String name = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
            if (pair.isEmpty() || name.equals("code") || name.equals("state")) {
                continue;
            }
            kept.append(kept.length() == 0 ? "" : "&").append(pair);
        }
        return url.substring(0, q) + (kept.length() == 0 ? "" : "?" + kept);
    }
}
