package org.wxplatform.business.carrier.soap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CarrierSoapClientTest {

    @Test
    void theEndpointIsTheWsdlUrlWithoutItsQuery() {
        assertEquals(
                "http://127.0.0.1:8080/sandbox/carrier/soap",
                CarrierSoapClient.endpointAddress("http://127.0.0.1:8080/sandbox/carrier/soap?wsdl"));
        assertEquals(
                "https://boss.example.cn/ws/Carrier",
                CarrierSoapClient.endpointAddress("https://boss.example.cn/ws/Carrier"));
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> CarrierSoapClient.endpointAddress("boss:8080/ws"));
        assertTrue(e.getMessage().contains("WXP_CARRIER_WSDL_URL"));
        assertThrows(IllegalStateException.class, () -> CarrierSoapClient.endpointAddress(null));
    }

    @Test
    void phonesAreMaskedInTheLog() {
        assertEquals("138****5678", CarrierSoapClient.maskPhone("13812345678"));
        assertEquals("123****4567", CarrierSoapClient.maskPhone("1234567"));
        assertEquals("****", CarrierSoapClient.maskPhone("12345"));
        assertEquals("-", CarrierSoapClient.maskPhone(null));
    }

    @Test
    void everyRequestHasItsOwnTransactionId() {
        var a = CarrierSoapClient.header();
        var b = CarrierSoapClient.header();
        assertEquals("WECHAT", a.getChannel());
        assertTrue(a.getTransactionId().matches("WXP\\d{23}"), a.getTransactionId());
        assertTrue(a.getRequestTime().matches("\\d{14}"), a.getRequestTime());
        assertNotEquals(a.getTransactionId(), b.getTransactionId());
    }

    @Test
    void thePoolLendsEachProxyToOneCallerAtATime() {
        AtomicInteger made = new AtomicInteger();
        PortPool<Object> pool = new PortPool<>(() -> "port" + made.incrementAndGet(), 2);
        Object a = pool.borrow();
        Object b = pool.borrow();
        assertNotSame(a, b);
        pool.release(a);
        assertSame(a, pool.borrow(), "an idle proxy is reused");
        pool.release(a);
        pool.release(b);
        pool.release(new Object());
        assertEquals(2, pool.idle(), "idle proxies beyond the limit are dropped");
    }
}
