package org.wxplatform.sandbox.wechat.api;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * WeChat's limits for temporary media ({@code /cgi-bin/media/upload}): image up to 10 MB (bmp, png, jpeg,
 * jpg, gif), voice up to 2 MB (amr, mp3), video up to 10 MB (mp4), thumb up to 64 KB (jpg). An unknown
 * {@code type} answers 40004, a file of the wrong kind 40005 (by its name and, for pictures, its first
 * bytes), an oversized or empty one 40009 / 40010 / 40011 / 40012.
 */
public final class MediaRules {

    public static final Map<String, Long> MAX_BYTES =
            Map.of("image", 10L << 20, "voice", 2L << 20, "video", 10L << 20, "thumb", 64L << 10);
    private static final Map<String, Set<String>> EXTENSIONS = Map.of(
            "image", Set.of("bmp", "png", "jpeg", "jpg", "gif"),
            "voice", Set.of("amr", "mp3"),
            "video", Set.of("mp4"),
            "thumb", Set.of("jpg", "jpeg"));
    private static final Map<String, Integer> SIZE_ERRORS = Map.of(
            "image", ApiFailure.INVALID_IMAGE_SIZE,
            "voice", ApiFailure.INVALID_VOICE_SIZE,
            "video", ApiFailure.INVALID_VIDEO_SIZE,
            "thumb", ApiFailure.INVALID_THUMB_SIZE);

    private MediaRules() {}

    public static void checkType(String type) {
        if (type == null || !MAX_BYTES.containsKey(type)) {
            throw new ApiFailure(
                    ApiFailure.INVALID_MEDIA_TYPE, "invalid media type hint: image, voice, video or thumb");
        }
    }

    /** Checks an upload of {@code size} bytes named {@code filename} starting with {@code head}. */
    public static void check(String type, String filename, long size, byte[] head) {
        checkType(type);
        String ext = "";
        if (filename != null && filename.lastIndexOf('.') >= 0) {
            ext = filename.substring(filename.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        }
        if (!EXTENSIONS.get(type).contains(ext)) {
            throw new ApiFailure(
                    ApiFailure.INVALID_FILE_TYPE,
                    "invalid file type hint: " + type + " takes " + String.join(", ", EXTENSIONS.get(type)));
        }
        if (size <= 0 || size > MAX_BYTES.get(type)) {
            throw tooLarge(type, size);
        }
        if ((type.equals("image") || type.equals("thumb")) && !picture(ext, head)) {
            throw new ApiFailure(ApiFailure.INVALID_FILE_TYPE, "invalid file type hint: the content is not a ." + ext);
        }
    }

    /** The size error of a type; {@code size} -1 when the container refused the upload before it was read. */
    public static ApiFailure tooLarge(String type, long size) {
        return new ApiFailure(
                SIZE_ERRORS.get(type),
                "invalid " + type + " size hint: 1 byte to " + (MAX_BYTES.get(type) >> 10) + " KB"
                        + (size < 0 ? "" : ", got " + size));
    }

    /** Whether the first bytes are those of the picture format the extension names. */
    static boolean picture(String ext, byte[] h) {
        switch (ext) {
            case "png":
                return starts(h, 0x89, 'P', 'N', 'G');
            case "jpg":
            case "jpeg":
                return starts(h, 0xFF, 0xD8, 0xFF);
            case "gif":
                return starts(h, 'G', 'I', 'F', '8');
            case "bmp":
                return starts(h, 'B', 'M');
            default:
                return false;
        }
    }

    /** The MIME type of a picture by its first bytes (application/octet-stream when none of WeChat's). */
    public static String pictureType(byte[] h) {
        if (picture("png", h)) {
            return "image/png";
        }
        if (picture("jpg", h)) {
            return "image/jpeg";
        }
        if (picture("gif", h)) {
            return "image/gif";
        }
        return picture("bmp", h) ? "image/bmp" : "application/octet-stream";
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
