package org.wxplatform.sandbox.carrier;

import java.util.List;

/** A day's or a month's charges ({@code period} yyyyMMdd or yyyyMM), with the balance when asked. */
public record Bill(String phone, String period, long totalFen, long balanceFen, List<Item> items) {

    /** One charge line. */
    public record Item(String name, long amountFen) {}
}
