package org.wxplatform.business.carrier;

import java.time.LocalDate;
import java.time.YearMonth;

/** Bill queries. */
public interface CarrierBills {

    DailyBill dailyBill(String phone, LocalDate day) throws CarrierException;

    MonthlyBill monthlyBill(String phone, YearMonth month) throws CarrierException;
}
