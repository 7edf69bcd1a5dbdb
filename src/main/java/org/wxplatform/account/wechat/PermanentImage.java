package org.wxplatform.account.wechat;

import java.util.Optional;

/** A permanent image in an account's material library: its media id and the URL WeChat shows it at. */
public record PermanentImage(String mediaId, String url) {

    /**
     * The image type of {@code content} by its first bytes (what WeChat takes: bmp, png, jpeg, gif), empty
     * when it is none of them; the file name is never trusted for this.
     */
    public static Optional<String> contentType(byte[] content) {
        if (starts(content, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return Optional.of("image/png");
        }
        if (starts(content, 0xFF, 0xD8, 0xFF)) {
            return Optional.of("image/jpeg");
        }
        if (starts(content, 'G', 'I', 'F', '8', '7', 'a') || starts(content, 'G', 'I', 'F', '8', '9', 'a')) {
            return Optional.of("image/gif");
        }
        if (starts(content, 'B', 'M') && content.length >= 26) {
            return Optional.of("image/bmp");
        }
        return Optional.empty();
    }

    /** The usual file extension of an image type. */
    public static String extension(String contentType) {
        return switch (contentType) {
            case "image/png" -> "png";
            case "image/jpeg" -> "jpg";
            case "image/gif" -> "gif";
            default -> "bmp";
        };
    }

    private static boolean starts(byte[] h, int... magic) {
        if (h == null || h.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((h[i] & 0xff) != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
