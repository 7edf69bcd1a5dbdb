package org.wxplatform.business.carrier.soap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.xml.ws.WebServiceException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;
import org.wxplatform.business.carrier.CarrierFault;
import org.wxplatform.business.carrier.CarrierUnavailableException;
import org.wxplatform.business.carrier.soap.gen.CarrierFaultMessage;

class CarrierErrorsTest {

    static CarrierFaultMessage fault(String code, String message) {
        org.wxplatform.business.carrier.soap.gen.CarrierFault detail =
                new org.wxplatform.business.carrier.soap.gen.CarrierFault();
        detail.setCode(code);
        detail.setMessage(message);
        return new CarrierFaultMessage(code + ": " + message, detail);
    }

    @Test
    void aCarrierFaultKeepsItsCodeAndTheSubscribersMessage() {
        CarrierErrors.Mapped m = CarrierErrors.map("QueryPoints", fault("UNKNOWN_NUMBER", "该号码不是本网用户"));
        CarrierFault f = assertInstanceOf(CarrierFault.class, m.exception());
        assertEquals("UNKNOWN_NUMBER", f.code());
        assertEquals("该号码不是本网用户", f.getMessage());
        assertFalse(f.transientFailure());
        assertEquals("fault:UNKNOWN_NUMBER", m.outcome());
    }

    @Test
    void systemBusyIsTransient() {
        CarrierErrors.Mapped m = CarrierErrors.map("Recharge", fault("SYSTEM_BUSY", "系统繁忙"));
        CarrierUnavailableException e = assertInstanceOf(CarrierUnavailableException.class, m.exception());
        assertTrue(e.transientFailure());
        assertTrue(e.getMessage().startsWith("Recharge: carrier busy"), e.getMessage());
        assertEquals("busy", m.outcome());
    }

    @Test
    void transportFailuresAreUnavailable() {
        CarrierErrors.Mapped timeout = CarrierErrors.map(
                "QueryDataUsage",
                new WebServiceException("HTTP transport error", new SocketTimeoutException("Read timed out")));
        assertInstanceOf(CarrierUnavailableException.class, timeout.exception());
        assertEquals("timeout", timeout.outcome());
        assertTrue(timeout.exception().getMessage().contains("time limit"));

        CarrierErrors.Mapped refused = CarrierErrors.map(
                "QueryDataUsage", new WebServiceException(new ConnectException("Connection refused")));
        assertInstanceOf(CarrierUnavailableException.class, refused.exception());
        assertEquals("refused", refused.outcome());

        CarrierErrors.Mapped http = CarrierErrors.map(
                "QueryDataUsage", new WebServiceException("The server sent HTTP status code 503: Service Unavailable"));
        assertInstanceOf(CarrierUnavailableException.class, http.exception());
        assertEquals("http503", http.outcome());
        assertTrue(http.exception().getMessage().contains("HTTP 503"));
    }

    @Test
    void anAnswerThatCannotBeReadIsUnavailableNotAFault() {
        CarrierErrors.Mapped m =
                CarrierErrors.map("QueryDailyBill", new IllegalArgumentException("billDate 'x' is not yyyyMMdd"));
        assertInstanceOf(CarrierUnavailableException.class, m.exception());
        assertEquals("bad-answer", m.outcome());
        CarrierErrors.Mapped other = CarrierErrors.map("QueryDailyBill", new WebServiceException("garbage"));
        assertInstanceOf(CarrierUnavailableException.class, other.exception());
        assertEquals("error", other.outcome());
    }
}
