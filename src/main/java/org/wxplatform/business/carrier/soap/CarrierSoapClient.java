package org.wxplatform.business.carrier.soap;

import com.sun.xml.ws.developer.JAXWSProperties;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.xml.ws.BindingProvider;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.logging.Logger;
import org.wxplatform.business.carrier.CarrierException;
import org.wxplatform.business.carrier.CarrierUnavailableException;
import org.wxplatform.business.carrier.soap.gen.CarrierFaultMessage;
import org.wxplatform.business.carrier.soap.gen.CarrierPort;
import org.wxplatform.business.carrier.soap.gen.CarrierService;
import org.wxplatform.business.carrier.soap.gen.RequestHeader;
import org.wxplatform.platform.config.Settings;

/**
 * The wire to the carrier business system. The service model comes from the WSDL bundled in the WAR
 * ({@code /wsdl/carrier.wsdl}), never fetched at run time; the endpoint address is {@code
 * WXP_CARRIER_WSDL_URL} without its {@code ?wsdl} (default: this node's sandbox). Every call has a connect
 * limit and a request limit: {@code WXP_CARRIER_TIMEOUT_MS} (3000) for queries, {@code
 * WXP_CARRIER_ORDER_TIMEOUT_MS} (15000) for submitting and finding orders; the connect limit is the smaller
 * of that and 3000 ms. (The RI's request limit is the socket read limit: the carrier sends its answer in
 * one piece, so it bounds the wait for the answer.)
 *
 * <p>Proxies are borrowed from a pool per limit (a proxy is not guaranteed thread-safe), and every call is
 * written to the interface log, logger {@value #INTERFACE_LOG}, one line: {@code carrier operation=...
 * phone=138****5678 [serial=...] outcome=ok|fault:CODE|refused:CODE|busy|timeout|refused|http503|... ms=...}.
 */
@ApplicationScoped
public class CarrierSoapClient {

    /** The interface log's logger category (its own monthly file in the server, SPEC §7.2). */
    public static final String INTERFACE_LOG = "wxp.interface";

    private static final Logger LOG = Logger.getLogger(INTERFACE_LOG);
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS").withZone(ZoneId.of("Asia/Shanghai"));
    static final String CHANNEL = "WECHAT";

    /** One SOAP operation on a borrowed proxy. */
    @FunctionalInterface
    interface Call<T> {
        T on(CarrierPort port) throws CarrierFaultMessage;
    }

    private final Object lock = new Object();
    private volatile Wire wire;

    /** The parsed service model, the address and the two pools, made on first use. */
    private record Wire(String address, PortPool<CarrierPort> queries, PortPool<CarrierPort> orders) {}

    /** {@code WXP_CARRIER_WSDL_URL} without its query: the endpoint address. */
    static String endpointAddress(String wsdlUrl) {
        if (wsdlUrl == null || !(wsdlUrl.startsWith("http://") || wsdlUrl.startsWith("https://"))) {
            throw new IllegalStateException("WXP_CARRIER_WSDL_URL must be an http(s) URL, not '" + wsdlUrl + "'");
        }
        URI uri = URI.create(wsdlUrl);
        if (uri.getHost() == null) {
            throw new IllegalStateException("WXP_CARRIER_WSDL_URL has no host: '" + wsdlUrl + "'");
        }
        int q = wsdlUrl.indexOf('?');
        return q < 0 ? wsdlUrl : wsdlUrl.substring(0, q);
    }

    static String defaultWsdlUrl() {
        return "http://127.0.0.1:" + Settings.get("WXP_HTTP_PORT", "8080") + "/sandbox/carrier/soap?wsdl";
    }

    private Wire wire() {
        Wire w = wire;
        if (w != null) {
            return w;
        }
        synchronized (lock) {
            if (wire == null) {
                String address = endpointAddress(Settings.get("WXP_CARRIER_WSDL_URL", defaultWsdlUrl()));
                Duration query = limit("WXP_CARRIER_TIMEOUT_MS", 3000);
                Duration order = limit("WXP_CARRIER_ORDER_TIMEOUT_MS", 15_000);
                URL model = CarrierSoapClient.class.getResource("/wsdl/carrier.wsdl");
                if (model == null) {
                    throw new IllegalStateException("/wsdl/carrier.wsdl is missing from the WAR");
                }
                CarrierService service = new CarrierService(model);
                wire = new Wire(
                        address,
                        new PortPool<>(() -> port(service, address, query), 64),
                        new PortPool<>(() -> port(service, address, order), 64));
            }
            return wire;
        }
    }

    private static Duration limit(String name, int defaultMs) {
        int ms = Settings.getInt(name, defaultMs);
        if (ms < 100) {
            throw new IllegalStateException(name + " must be at least 100 (milliseconds), not " + ms);
        }
        return Duration.ofMillis(ms);
    }

    private static CarrierPort port(CarrierService service, String address, Duration limit) {
        CarrierPort port;
        synchronized (service) {
            port = service.getCarrierSoapPort();
        }
        Map<String, Object> context = ((BindingProvider) port).getRequestContext();
        context.put(BindingProvider.ENDPOINT_ADDRESS_PROPERTY, address);
        context.put(JAXWSProperties.CONNECT_TIMEOUT, (int) Math.min(3000, limit.toMillis()));
        context.put(JAXWSProperties.REQUEST_TIMEOUT, (int) limit.toMillis());
        return port;
    }

    /** The endpoint address in use. */
    public String address() {
        return wire().address();
    }

    /** A request header: our channel, a transaction id unique per call, the time (Beijing). */
    static RequestHeader header() {
        Instant now = Instant.now();
        RequestHeader h = new RequestHeader();
        h.setChannel(CHANNEL);
        h.setTransactionId("WXP" + TIME.format(now)
                + String.format("%06d", ThreadLocalRandom.current().nextInt(1_000_000)));
        h.setRequestTime(TIME.format(now).substring(0, 14));
        return h;
    }

    /** A query with the short time limit, its answer as it came. */
    <T> T query(String operation, String phone, Call<T> call) throws CarrierException {
        return invoke(operation, phone, null, false, call, t -> t, t -> "ok");
    }

    /** A query with the short time limit, its answer translated (a translation failure is "answer not understood"). */
    <T, R> R query(String operation, String phone, Call<T> call, Function<T, R> translate) throws CarrierException {
        return invoke(operation, phone, null, false, call, translate, t -> "ok");
    }

    /** An order submission or look-up with the long time limit; {@code outcome} names the answer for the log. */
    <T, R> R order(
            String operation,
            String phone,
            String serial,
            Call<T> call,
            Function<T, R> translate,
            Function<T, String> outcome)
            throws CarrierException {
        return invoke(operation, phone, serial, true, call, translate, outcome);
    }

    private <T, R> R invoke(
            String operation,
            String phone,
            String serial,
            boolean order,
            Call<T> call,
            Function<T, R> translate,
            Function<T, String> outcome)
            throws CarrierException {
        long started = System.nanoTime();
        String result = "error";
        try {
            Wire w;
            try {
                w = wire();
            } catch (RuntimeException e) {
                result = "not-configured";
                throw new CarrierUnavailableException(operation + ": carrier client not usable: " + e.getMessage(), e);
            }
            PortPool<CarrierPort> pool = order ? w.orders() : w.queries();
            CarrierPort port = pool.borrow();
            try {
                T answer = call.on(port);
                R translated = translate.apply(answer);
                result = outcome.apply(answer);
                return translated;
            } catch (CarrierFaultMessage | RuntimeException e) {
                CarrierErrors.Mapped mapped = CarrierErrors.map(operation, e);
                result = mapped.outcome();
                throw mapped.exception();
            } finally {
                pool.release(port);
            }
        } finally {
            long ms = (System.nanoTime() - started) / 1_000_000;
            LOG.info("carrier operation=" + operation + " phone=" + maskPhone(phone)
                    + (serial == null ? "" : " serial=" + serial) + " outcome=" + result + " ms=" + ms);
        }
    }

    /** 13812345678 → 138****5678; anything else of 7+ characters keeps its first 3 and last 4; shorter: ****. */
    static String maskPhone(String phone) {
        if (phone == null || phone.isEmpty()) {
            return "-";
        }
        if (phone.length() < 7) {
            return "****";
        }
        return phone.substring(0, 3) + "****" + phone.substring(phone.length() - 4);
    }
}
