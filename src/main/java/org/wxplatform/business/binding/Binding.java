package org.wxplatform.business.binding;

import java.time.Instant;

/** A current binding: the subscriber {@code openid} of account {@code appid} owns {@code phone}. */
public record Binding(String appid, String openid, String phone, Instant boundAt) {

    /** The number as shown to people: 138****8000. */
    public String maskedPhone() {
        return Phones.mask(phone);
    }
}
