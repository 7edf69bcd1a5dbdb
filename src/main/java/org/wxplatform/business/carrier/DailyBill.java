package org.wxplatform.business.carrier;

import java.time.LocalDate;
import java.util.List;

/** The charges of one day. */
public record DailyBill(String phone, LocalDate day, long totalFen, List<BillItem> items) {
    public DailyBill {
        items = List.copyOf(items);
    }
}
