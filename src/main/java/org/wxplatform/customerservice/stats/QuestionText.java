package org.wxplatform.customerservice.stats;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The normal form under which subscribers' questions are counted together: Unicode NFKC (which folds
 * full-width letters, digits and signs to their ASCII forms, and compatibility characters such as
 * circled digits to plain ones), lower case, and no whitespace, punctuation, control or format characters or variation selectors. So
 * 「营业厅 在哪？」, 「营业厅在哪?」 and 「营业厅，在哪」 are one question; 「ＷｉＦｉ密码」 and 「wifi 密码」 too.
 * Letters, digits, ideographs and symbols (such as {@code +} in 「5G+」) are kept.
 */
public final class QuestionText {

    /** The longest normal form kept (longer questions are counted by their first 500 characters). */
    public static final int MAX_LENGTH = 500;

    private QuestionText() {}

    /** The normal form of {@code text}; empty when nothing countable is left (only punctuation, say). */
    public static String normalize(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        String folded = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(folded.length());
        for (int i = 0; i < folded.length(); ) {
            int cp = folded.codePointAt(i);
            i += Character.charCount(cp);
            if (dropped(cp)) {
                continue;
            }
            if (out.length() + Character.charCount(cp) > MAX_LENGTH) {
                break; // never half a surrogate pair
            }
            out.appendCodePoint(cp);
        }
        return out.toString();
    }

    /** The key of a normal form: its SHA-256 in lower-case hex (64 characters). */
    public static String key(String normalized) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(normalized.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static boolean dropped(int cp) {
        if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
            return true;
        }
        if ((cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF)) {
            return true; // variation selectors: the same emoji or ideograph drawn another way
        }
        switch (Character.getType(cp)) {
            case Character.CONNECTOR_PUNCTUATION:
            case Character.DASH_PUNCTUATION:
            case Character.START_PUNCTUATION:
            case Character.END_PUNCTUATION:
            case Character.INITIAL_QUOTE_PUNCTUATION:
            case Character.FINAL_QUOTE_PUNCTUATION:
            case Character.OTHER_PUNCTUATION:
            case Character.CONTROL:
            case Character.FORMAT:
                return true;
            default:
                return false;
        }
    }
}
