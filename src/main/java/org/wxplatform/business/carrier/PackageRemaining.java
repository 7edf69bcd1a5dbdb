package org.wxplatform.business.carrier;

/** What is left this month: SMS (messages), voice (minutes), data (KB), WLAN (minutes). */
public record PackageRemaining(
        String phone, Remaining sms, Remaining voiceMinutes, Remaining dataKb, Remaining wlanMinutes) {}
