package org.wxplatform.business.carrier;

/** The families of transactions (SPEC §3.2). */
public enum OrderKind {
    DATA_PACKAGE,
    SMS_PACKAGE,
    WLAN_PACKAGE,
    MAIN_PLAN,
    RECHARGE
}
