package org.wxplatform.business.binding;

import java.util.Optional;
import java.util.regex.Pattern;

/** Mobile numbers as the carrier takes them: 11 digits {@code 1[3-9]xxxxxxxxx}. */
public final class Phones {

    private static final Pattern MOBILE = Pattern.compile("1[3-9]\\d{9}");
    private static final Pattern SEPARATORS = Pattern.compile("[\\s\\-()]");

    private Phones() {}

    public static boolean valid(String phone) {
        return phone != null && MOBILE.matcher(phone).matches();
    }

    /**
     * The number a person typed, in the carrier's form: blanks, dashes and brackets removed, a leading
     * {@code +86} or {@code 86} dropped. Empty when what is left is not a mobile number.
     */
    public static Optional<String> normalize(String typed) {
        if (typed == null || typed.length() > 40) {
            return Optional.empty();
        }
        String s = SEPARATORS.matcher(typed.strip()).replaceAll("");
        if (s.startsWith("+86")) {
            s = s.substring(3);
        } else if (s.length() == 13 && s.startsWith("86")) {
            s = s.substring(2);
        }
        return valid(s) ? Optional.of(s) : Optional.empty();
    }

    /** 138****8000; anything that is not 11 characters is masked whole. */
    public static String mask(String phone) {
        if (phone == null || phone.length() != 11) {
            return "***";
        }
        return phone.substring(0, 3) + "****" + phone.substring(7);
    }
}
