package org.wxplatform.business.carrier.soap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.time.YearMonth;
import org.wxplatform.business.carrier.CarrierBills;
import org.wxplatform.business.carrier.CarrierException;
import org.wxplatform.business.carrier.DailyBill;
import org.wxplatform.business.carrier.MonthlyBill;
import org.wxplatform.business.carrier.soap.gen.QueryDailyBillRequest;
import org.wxplatform.business.carrier.soap.gen.QueryMonthlyBillRequest;

/** {@link CarrierBills} over SOAP: QueryDailyBill and QueryMonthlyBill. */
@ApplicationScoped
public class SoapCarrierBills implements CarrierBills {

    @Inject
    CarrierSoapClient client;

    @Override
    public DailyBill dailyBill(String phone, LocalDate day) throws CarrierException {
        if (day == null) {
            throw new IllegalArgumentException("day is required");
        }
        QueryDailyBillRequest request = new QueryDailyBillRequest();
        request.setHeader(CarrierSoapClient.header());
        request.setPhone(phone);
        request.setBillDate(SoapTranslation.day(day));
        return client.query("QueryDailyBill", phone, port -> port.queryDailyBill(request), SoapTranslation::dailyBill);
    }

    @Override
    public MonthlyBill monthlyBill(String phone, YearMonth month) throws CarrierException {
        if (month == null) {
            throw new IllegalArgumentException("month is required");
        }
        QueryMonthlyBillRequest request = new QueryMonthlyBillRequest();
        request.setHeader(CarrierSoapClient.header());
        request.setPhone(phone);
        request.setBillCycle(SoapTranslation.cycle(month));
        return client.query(
                "QueryMonthlyBill", phone, port -> port.queryMonthlyBill(request), SoapTranslation::monthlyBill);
    }
}
