package org.wxplatform.business.carrier;

import java.time.YearMonth;
import java.util.List;

/** The detail of one month's bill and the account balance when it was asked for. */
public record MonthlyBill(String phone, YearMonth month, long totalFen, long balanceFen, List<BillItem> items) {
    public MonthlyBill {
        items = List.copyOf(items);
    }
}
