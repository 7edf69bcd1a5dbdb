package org.wxplatform.business.carrier.soap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.wxplatform.business.carrier.CarrierException;
import org.wxplatform.business.carrier.CarrierVerification;
import org.wxplatform.business.carrier.soap.gen.CheckVerificationCodeRequest;
import org.wxplatform.business.carrier.soap.gen.PhoneRequestType;

/** {@link CarrierVerification} over SOAP: SendVerificationCode and CheckVerificationCode. */
@ApplicationScoped
public class SoapCarrierVerification implements CarrierVerification {

    @Inject
    CarrierSoapClient client;

    @Override
    public void sendCode(String phone) throws CarrierException {
        PhoneRequestType request = new PhoneRequestType();
        request.setHeader(CarrierSoapClient.header());
        request.setPhone(phone);
        client.query("SendVerificationCode", phone, port -> port.sendVerificationCode(request));
    }

    @Override
    public boolean checkCode(String phone, String code) throws CarrierException {
        CheckVerificationCodeRequest request = new CheckVerificationCodeRequest();
        request.setHeader(CarrierSoapClient.header());
        request.setPhone(phone);
        request.setCode(code);
        return client.query("CheckVerificationCode", phone, port -> port.checkVerificationCode(request))
                .isValid();
    }
}
