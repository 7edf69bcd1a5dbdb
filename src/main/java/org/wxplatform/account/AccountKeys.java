package org.wxplatform.account;

import org.wxplatform.account.domain.MessageMode;

/**
 * What the callback needs of an account to verify and answer WeChat: an immutable snapshot, cached
 * per node by {@link AccountDirectory}.
 */
public record AccountKeys(String appid, String token, String aesKey, MessageMode mode) {

    @Override
    public String toString() {
        return "AccountKeys[" + appid + ", " + mode + "]"; // never the token or key
    }
}
