package org.wxplatform.business.carrier.soap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.wxplatform.business.carrier.CarrierException;
import org.wxplatform.business.carrier.CarrierUsage;
import org.wxplatform.business.carrier.DataUsage;
import org.wxplatform.business.carrier.PackageRemaining;
import org.wxplatform.business.carrier.soap.gen.PhoneRequestType;

/** {@link CarrierUsage} over SOAP: QueryDataUsage and QueryPackageRemaining. */
@ApplicationScoped
public class SoapCarrierUsage implements CarrierUsage {

    @Inject
    CarrierSoapClient client;

    @Override
    public DataUsage dataUsage(String phone) throws CarrierException {
        PhoneRequestType request = phoneRequest(phone);
        return client.query("QueryDataUsage", phone, port -> port.queryDataUsage(request), SoapTranslation::dataUsage);
    }

    @Override
    public PackageRemaining packageRemaining(String phone) throws CarrierException {
        PhoneRequestType request = phoneRequest(phone);
        return client.query(
                "QueryPackageRemaining",
                phone,
                port -> port.queryPackageRemaining(request),
                SoapTranslation::packageRemaining);
    }

    static PhoneRequestType phoneRequest(String phone) {
        PhoneRequestType request = new PhoneRequestType();
        request.setHeader(CarrierSoapClient.header());
        request.setPhone(phone);
        return request;
    }
}
