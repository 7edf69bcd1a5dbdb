package org.wxplatform.business.carrier.soap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.wxplatform.business.carrier.CarrierException;
import org.wxplatform.business.carrier.CarrierPoints;
import org.wxplatform.business.carrier.Points;

/** {@link CarrierPoints} over SOAP: QueryPoints. */
@ApplicationScoped
public class SoapCarrierPoints implements CarrierPoints {

    @Inject
    CarrierSoapClient client;

    @Override
    public Points points(String phone) throws CarrierException {
        var request = SoapCarrierUsage.phoneRequest(phone);
        return client.query("QueryPoints", phone, port -> port.queryPoints(request), SoapTranslation::points);
    }
}
