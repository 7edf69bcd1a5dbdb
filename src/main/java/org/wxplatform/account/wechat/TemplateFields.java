package org.wxplatform.account.wechat;

import java.util.Locale;

/**
 * WeChat's rules for the values of a template's typed fields, checked before a send so that a 47003
 * (argument invalid) never reaches WeChat. A field's type is its key without the trailing digits
 * ({@code thing2} → thing, {@code character_string3} → character_string):
 *
 * <table>
 *   <tr><th>type</th><th>value</th></tr>
 *   <tr><td>thing</td><td>up to 20 characters</td></tr>
 *   <tr><td>number</td><td>up to 32 digits, may have a decimal part</td></tr>
 *   <tr><td>letter</td><td>up to 32 letters</td></tr>
 *   <tr><td>symbol</td><td>up to 5 symbols</td></tr>
 *   <tr><td>character_string</td><td>up to 32 digits, letters or symbols</td></tr>
 *   <tr><td>time, date</td><td>a date (y年m月d日, y年m月, m月d日, or joined by '-', '/', '.') and/or a time
 *       HH:MM[:SS]; a period is two of them joined by '~'</td></tr>
 *   <tr><td>amount</td><td>an optional currency sign, up to 10 digits, an optional decimal part, an optional 元</td></tr>
 *   <tr><td>phone_number</td><td>up to 17 digits and symbols</td></tr>
 *   <tr><td>car_number</td><td>up to 8; letters and digits, the first and the last may be a Chinese character</td></tr>
 *   <tr><td>name</td><td>up to 10 Chinese characters (mixed with letters too), or up to 20 letters and symbols</td></tr>
 *   <tr><td>phrase</td><td>up to 5 Chinese characters</td></tr>
 * </table>
 *
 * "Symbols" are what is neither Chinese, a letter nor a digit; no value may hold a line break or another
 * control character. The fields of the old format ({@code first}, {@code keyword1}, {@code remark}) and
 * {@code enum} values are checked for control characters and a length of 200 only.
 */
public final class TemplateFields {

    static final int OLD_FORMAT_MAX = 200;

    private TemplateFields() {}

    /** The type of a field key: {@code thing2} → {@code thing}. */
    public static String type(String key) {
        int end = key.length();
        while (end > 0 && Character.isDigit(key.charAt(end - 1))) {
            end--;
        }
        return key.substring(0, end).toLowerCase(Locale.ROOT);
    }

    /**
     * Checks {@code value} for the field {@code key}.
     *
     * @throws IllegalArgumentException naming the field and the rule it breaks
     */
    public static void check(String key, String value) {
        String problem = problem(type(key), value);
        if (problem != null) {
            throw new IllegalArgumentException(key + ": " + problem);
        }
    }

    /** What is wrong with {@code value} for a field of {@code type}, or null. */
    static String problem(String type, String value) {
        if (value == null || value.isEmpty()) {
            return "a value is required";
        }
        if (value.codePoints().anyMatch(Character::isISOControl)) {
            return "no line breaks or control characters";
        }
        int length = value.codePointCount(0, value.length());
        switch (type) {
            case "thing":
                return length <= 20 ? null : "at most 20 characters";
            case "number":
                return length <= 32 && number(value) ? null : "up to 32 digits, a decimal part allowed";
            case "letter":
                return length <= 32 && all(value, TemplateFields::letter) ? null : "up to 32 letters";
            case "symbol":
                return length <= 5 && all(value, TemplateFields::symbol) ? null : "up to 5 symbols";
            case "character_string":
                return length <= 32 && all(value, c -> !chinese(c)) ? null : "up to 32 digits, letters or symbols";
            case "time":
            case "date":
                return length <= 64 && period(value)
                        ? null
                        : "a date and/or a time (2026年12月3日 15:01, 2026-12-03, 15:01:30), or two joined by ~";
            case "amount":
                return amount(value)
                        ? null
                        : "a currency sign, up to 10 digits, a decimal part and 元 allowed (¥100.00)";
            case "phone_number":
                return length <= 17 && all(value, c -> digit(c) || symbol(c)) ? null : "up to 17 digits and symbols";
            case "car_number":
                return carNumber(value)
                        ? null
                        : "up to 8 letters and digits, the first and last may be Chinese (粤A8Z888挂)";
            case "name":
                return name(value) ? null : "up to 10 Chinese characters or 20 letters";
            case "phrase":
                return length <= 5 && all(value, TemplateFields::chinese) ? null : "up to 5 Chinese characters";
            default:
                return length <= OLD_FORMAT_MAX ? null : "at most " + OLD_FORMAT_MAX + " characters";
        }
    }

    static boolean chinese(int c) {
        return Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN;
    }

    static boolean digit(int c) {
        return c >= '0' && c <= '9';
    }

    static boolean letter(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static boolean symbol(int c) {
        return !chinese(c) && !letter(c) && !digit(c) && !Character.isWhitespace(c);
    }

    private static boolean all(String s, java.util.function.IntPredicate p) {
        return s.codePoints().allMatch(p);
    }

    private static boolean digits(String s, int min, int max) {
        return s.length() >= min && s.length() <= max && all(s, TemplateFields::digit);
    }

    private static boolean number(String s) {
        String body = s.startsWith("-") ? s.substring(1) : s;
        int dot = body.indexOf('.');
        if (dot < 0) {
            return digits(body, 1, 32);
        }
        return digits(body.substring(0, dot), 1, 32) && digits(body.substring(dot + 1), 1, 32);
    }

    private static boolean amount(String s) {
        String body = s;
        if (body.endsWith("元")) {
            body = body.substring(0, body.length() - 1);
        }
        if (!body.isEmpty() && !digit(body.codePointAt(0)) && symbol(body.codePointAt(0))) {
            body = body.substring(Character.charCount(body.codePointAt(0)));
        }
        int dot = body.indexOf('.');
        if (dot < 0) {
            return digits(body, 1, 10);
        }
        return digits(body.substring(0, dot), 1, 10) && digits(body.substring(dot + 1), 1, 4);
    }

    private static boolean carNumber(String s) {
        int[] cps = s.codePoints().toArray();
        if (cps.length < 2 || cps.length > 8) {
            return false;
        }
        for (int i = 0; i < cps.length; i++) {
            boolean edge = i == 0 || i == cps.length - 1;
            if (!(letter(cps[i]) || digit(cps[i]) || (edge && chinese(cps[i])))) {
                return false;
            }
        }
        return true;
    }

    private static boolean name(String s) {
        int length = s.codePointCount(0, s.length());
        if (s.codePoints().anyMatch(TemplateFields::chinese)) {
            return length <= 10 && all(s, c -> chinese(c) || letter(c) || c == '·');
        }
        return length <= 20 && all(s, c -> letter(c) || (symbol(c) && c != '\u00a0') || c == ' ');
    }

    /** One point in time, or two joined by '~'. */
    private static boolean period(String s) {
        int tilde = s.indexOf('~');
        if (tilde < 0) {
            return point(s.strip());
        }
        return s.indexOf('~', tilde + 1) < 0
                && point(s.substring(0, tilde).strip())
                && point(s.substring(tilde + 1).strip());
    }

    /** A date, a time, or a date and a time separated by a space. */
    private static boolean point(String s) {
        if (s.isEmpty()) {
            return false;
        }
        int space = s.indexOf(' ');
        if (space > 0) {
            return date(s.substring(0, space)) && time(s.substring(space + 1).strip());
        }
        return date(s) || time(s);
    }

    private static boolean time(String s) {
        String[] parts = s.split(":", -1);
        if (parts.length < 2 || parts.length > 3) {
            return false;
        }
        for (String p : parts) {
            if (!digits(p, 1, 2)) {
                return false;
            }
        }
        return Integer.parseInt(parts[0]) <= 23
                && Integer.parseInt(parts[1]) <= 59
                && (parts.length == 2 || Integer.parseInt(parts[2]) <= 59);
    }

    private static boolean date(String s) {
        if (s.contains("年") || s.contains("月") || s.contains("日")) {
            return chineseDate(s);
        }
        for (char sep : new char[] {'-', '/', '.'}) {
            if (s.indexOf(sep) > 0) {
                String[] p = s.split(java.util.regex.Pattern.quote(String.valueOf(sep)), -1);
                if (p.length == 3) {
                    return digits(p[0], 4, 4) && month(p[1]) && day(p[2]);
                }
                if (p.length == 2) {
                    return (digits(p[0], 4, 4) && month(p[1])) || (month(p[0]) && day(p[1]));
                }
                return false;
            }
        }
        return false;
    }

    /** y年m月d日, y年m月 or m月d日. */
    private static boolean chineseDate(String s) {
        String rest = s;
        boolean year = false;
        int y = rest.indexOf('年');
        if (y >= 0) {
            if (!digits(rest.substring(0, y), 4, 4)) {
                return false;
            }
            year = true;
            rest = rest.substring(y + 1);
        }
        int m = rest.indexOf('月');
        if (m < 0 || !month(rest.substring(0, m))) {
            return false;
        }
        rest = rest.substring(m + 1);
        if (rest.isEmpty()) {
            return year;
        }
        return rest.endsWith("日") && day(rest.substring(0, rest.length() - 1));
    }

    private static boolean month(String s) {
        return digits(s, 1, 2) && Integer.parseInt(s) >= 1 && Integer.parseInt(s) <= 12;
    }

    private static boolean day(String s) {
        return digits(s, 1, 2) && Integer.parseInt(s) >= 1 && Integer.parseInt(s) <= 31;
    }
}
