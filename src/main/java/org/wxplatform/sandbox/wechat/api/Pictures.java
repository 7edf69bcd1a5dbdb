package org.wxplatform.sandbox.wechat.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The sandbox's pictures, as SVG: a simulated user's avatar (a coloured square with the nickname's first
 * character) and a QR code look-alike for {@code showqrcode} (a deterministic pattern from the ticket with
 * the three finder squares and the scene printed under it; no camera can read it, the scene is what matters
 * in the sandbox).
 */
final class Pictures {

    private Pictures() {}

    static String avatar(String nickname, String openId) {
        byte[] h = sha1(openId);
        String colour = String.format("#%02x%02x%02x", 64 + (h[0] & 0x7f), 64 + (h[1] & 0x7f), 64 + (h[2] & 0x7f));
        String initial = nickname.isEmpty() ? "?" : new String(Character.toChars(nickname.codePointAt(0)));
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"132\" height=\"132\" viewBox=\"0 0 132 132\">"
                + "<rect width=\"132\" height=\"132\" fill=\"" + colour + "\"/>"
                + "<text x=\"66\" y=\"88\" font-size=\"64\" text-anchor=\"middle\" fill=\"#fff\""
                + " font-family=\"sans-serif\">" + escape(initial) + "</text></svg>";
    }

    static String qr(String ticket, String scene) {
        byte[] bits = sha1(ticket);
        StringBuilder svg = new StringBuilder(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"250\" height=\"280\" viewBox=\"0 0 25 28\">"
                        + "<rect width=\"25\" height=\"28\" fill=\"#fff\"/>");
        int bit = 0;
        for (int y = 2; y < 23; y++) {
            for (int x = 2; x < 23; x++) {
                boolean finder = (x < 10 && y < 10) || (x > 14 && y < 10) || (x < 10 && y > 14);
                if (!finder && ((bits[(bit / 8) % bits.length] >> (bit % 8)) & 1) == 1) {
                    svg.append("<rect x=\"")
                            .append(x)
                            .append("\" y=\"")
                            .append(y)
                            .append("\" width=\"1\" height=\"1\"/>");
                }
                bit += 7;
            }
        }
        for (int[] corner : new int[][] {{2, 2}, {16, 2}, {2, 16}}) {
            svg.append("<rect x=\"")
                    .append(corner[0])
                    .append("\" y=\"")
                    .append(corner[1])
                    .append("\" width=\"7\" height=\"7\"/><rect x=\"")
                    .append(corner[0] + 1)
                    .append("\" y=\"")
                    .append(corner[1] + 1)
                    .append("\" width=\"5\" height=\"5\" fill=\"#fff\"/><rect x=\"")
                    .append(corner[0] + 2)
                    .append("\" y=\"")
                    .append(corner[1] + 2)
                    .append("\" width=\"3\" height=\"3\"/>");
        }
        svg.append("<text x=\"12.5\" y=\"26.5\" font-size=\"1.8\" text-anchor=\"middle\" font-family=\"sans-serif\">")
                .append("scene ")
                .append(escape(scene))
                .append("</text></svg>");
        return svg.toString();
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static byte[] sha1(String s) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is not available", e);
        }
    }
}
