package org.wxplatform.sandbox.carrier;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.jws.WebService;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.wxplatform.sandbox.carrier.gen.Allowance;
import org.wxplatform.sandbox.carrier.gen.BillItem;
import org.wxplatform.sandbox.carrier.gen.CarrierFault;
import org.wxplatform.sandbox.carrier.gen.CarrierFaultMessage;
import org.wxplatform.sandbox.carrier.gen.CarrierPort;
import org.wxplatform.sandbox.carrier.gen.ChangeMainPlanRequest;
import org.wxplatform.sandbox.carrier.gen.CheckVerificationCodeRequest;
import org.wxplatform.sandbox.carrier.gen.CheckVerificationCodeResponse;
import org.wxplatform.sandbox.carrier.gen.DataPackage;
import org.wxplatform.sandbox.carrier.gen.OrderOutcome;
import org.wxplatform.sandbox.carrier.gen.OrderResponseType;
import org.wxplatform.sandbox.carrier.gen.PackageOrderType;
import org.wxplatform.sandbox.carrier.gen.PhoneRequestType;
import org.wxplatform.sandbox.carrier.gen.PointsExchange;
import org.wxplatform.sandbox.carrier.gen.QueryDailyBillRequest;
import org.wxplatform.sandbox.carrier.gen.QueryDailyBillResponse;
import org.wxplatform.sandbox.carrier.gen.QueryDataUsageResponse;
import org.wxplatform.sandbox.carrier.gen.QueryMonthlyBillRequest;
import org.wxplatform.sandbox.carrier.gen.QueryMonthlyBillResponse;
import org.wxplatform.sandbox.carrier.gen.QueryOrderRequest;
import org.wxplatform.sandbox.carrier.gen.QueryOrderResponse;
import org.wxplatform.sandbox.carrier.gen.QueryPackageRemainingResponse;
import org.wxplatform.sandbox.carrier.gen.QueryPointsResponse;
import org.wxplatform.sandbox.carrier.gen.RechargeRequest;
import org.wxplatform.sandbox.carrier.gen.RequestHeader;
import org.wxplatform.sandbox.carrier.gen.ResponseHeader;
import org.wxplatform.sandbox.carrier.gen.SendVerificationCodeResponse;

/**
 * The carrier WSDL's port, served by the JAX-WS RI's servlet at {@code /sandbox/carrier/soap} (declared in
 * {@code WEB-INF/sun-jaxws.xml}; WildFly has no webservices subsystem here, so nothing else picks this class
 * up). Thin: SOAP types in, {@link CarrierSimulator} rules, SOAP types out; {@link SimFault}s become SOAP
 * faults with a {@code CarrierFault} detail.
 *
 * <p>Latency and failure injection happen here: the configured latency (queries: fixed; orders: uniform in
 * the range) is slept in the request thread, after an order is executed (a client that gives up early finds
 * the order executed). That costs one Undertow worker thread per waiting request: acceptable in a sandbox,
 * but on a node that serves the product too, many slow simulated orders at once compete with callbacks for
 * the worker pool (WildFly's default: 16 per core); the product's transaction consumers, whose number is
 * bounded, are what submits orders. A "busy" call (failure rate) executes nothing.
 *
 * <p>The RI creates one instance for all threads; it finds the simulator through CDI on first use.
 */
@WebService(
        serviceName = "CarrierService",
        portName = "CarrierSoapPort",
        targetNamespace = "http://wxplatform.org/carrier/boss/v1",
        endpointInterface = "org.wxplatform.sandbox.carrier.gen.CarrierPort",
        wsdlLocation = "WEB-INF/wsdl/carrier.wsdl")
public class CarrierSoapEndpoint implements CarrierPort {

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private volatile CarrierSimulator simulator;
    private volatile CarrierSimState state;

    private CarrierSimulator simulator() {
        CarrierSimulator s = simulator;
        if (s == null) {
            s = CDI.current().select(CarrierSimulator.class).get();
            simulator = s;
        }
        return s;
    }

    private CarrierSimState state() {
        CarrierSimState s = state;
        if (s == null) {
            s = CDI.current().select(CarrierSimState.class).get();
            state = s;
        }
        return s;
    }

    // ---- verification

    @Override
    public SendVerificationCodeResponse sendVerificationCode(PhoneRequestType body) throws CarrierFaultMessage {
        return query(() -> {
            SendVerificationCodeResponse r = new SendVerificationCodeResponse();
            r.setValidSeconds(simulator().sendCode(body.getPhone()));
            r.setHeader(ok(body.getHeader()));
            return r;
        });
    }

    @Override
    public CheckVerificationCodeResponse checkVerificationCode(CheckVerificationCodeRequest body)
            throws CarrierFaultMessage {
        return query(() -> {
            CheckVerificationCodeResponse r = new CheckVerificationCodeResponse();
            r.setValid(simulator().checkCode(body.getPhone(), body.getCode()));
            r.setHeader(ok(body.getHeader()));
            return r;
        });
    }

    // ---- bills

    @Override
    public QueryDailyBillResponse queryDailyBill(QueryDailyBillRequest body) throws CarrierFaultMessage {
        return query(() -> {
            Bill bill = simulator().dailyBill(body.getPhone(), parseDay(body.getBillDate()));
            QueryDailyBillResponse r = new QueryDailyBillResponse();
            r.setHeader(ok(body.getHeader()));
            r.setPhone(bill.phone());
            r.setBillDate(bill.period());
            r.setTotalFen(bill.totalFen());
            bill.items().forEach(i -> r.getItem().add(item(i)));
            return r;
        });
    }

    @Override
    public QueryMonthlyBillResponse queryMonthlyBill(QueryMonthlyBillRequest body) throws CarrierFaultMessage {
        return query(() -> {
            Bill bill = simulator().monthlyBill(body.getPhone(), parseMonth(body.getBillCycle()));
            QueryMonthlyBillResponse r = new QueryMonthlyBillResponse();
            r.setHeader(ok(body.getHeader()));
            r.setPhone(bill.phone());
            r.setBillCycle(bill.period());
            r.setTotalFen(bill.totalFen());
            r.setBalanceFen(bill.balanceFen());
            bill.items().forEach(i -> r.getItem().add(item(i)));
            return r;
        });
    }

    // ---- usage and points

    @Override
    public QueryDataUsageResponse queryDataUsage(PhoneRequestType body) throws CarrierFaultMessage {
        return query(() -> {
            Subscriber s = simulator().subscriber(body.getPhone());
            QueryDataUsageResponse r = new QueryDataUsageResponse();
            r.setHeader(ok(body.getHeader()));
            r.setPhone(s.phone());
            r.setTotalKb(s.data().total());
            r.setUsedKb(s.data().used());
            r.setRemainingKb(s.data().remaining());
            for (Subscriber.DataPack p : s.dataPackages()) {
                DataPackage d = new DataPackage();
                d.setPackageName(p.name());
                d.setTotalKb(p.totalKb());
                d.setUsedKb(p.usedKb());
                d.setRemainingKb(p.remainingKb());
                r.getPackage().add(d);
            }
            return r;
        });
    }

    @Override
    public QueryPackageRemainingResponse queryPackageRemaining(PhoneRequestType body) throws CarrierFaultMessage {
        return query(() -> {
            Subscriber s = simulator().subscriber(body.getPhone());
            QueryPackageRemainingResponse r = new QueryPackageRemainingResponse();
            r.setHeader(ok(body.getHeader()));
            r.setPhone(s.phone());
            r.setSms(allowance(s.sms()));
            r.setMms(allowance(s.mms()));
            r.setVoice(allowance(s.voice()));
            r.setData(allowance(s.data()));
            r.setWlan(allowance(s.wlan()));
            return r;
        });
    }

    @Override
    public QueryPointsResponse queryPoints(PhoneRequestType body) throws CarrierFaultMessage {
        return query(() -> {
            Subscriber s = simulator().subscriber(body.getPhone());
            QueryPointsResponse r = new QueryPointsResponse();
            r.setHeader(ok(body.getHeader()));
            r.setPhone(s.phone());
            r.setAvailablePoints(s.points());
            for (Subscriber.Exchange e : s.exchanges()) {
                PointsExchange x = new PointsExchange();
                x.setExchangeDate(e.date().format(CarrierSimulator.DAY));
                x.setItemName(e.item());
                x.setPoints(e.points());
                r.getExchange().add(x);
            }
            return r;
        });
    }

    // ---- orders

    @Override
    public OrderResponseType orderDataPackage(PackageOrderType body) throws CarrierFaultMessage {
        return packageOrder(Product.Kind.DATA_PACKAGE, body);
    }

    @Override
    public OrderResponseType orderMessagingPackage(PackageOrderType body) throws CarrierFaultMessage {
        return packageOrder(Product.Kind.SMS_PACKAGE, body);
    }

    @Override
    public OrderResponseType orderWlanPackage(PackageOrderType body) throws CarrierFaultMessage {
        return packageOrder(Product.Kind.WLAN_PACKAGE, body);
    }

    @Override
    public OrderResponseType changeMainPlan(ChangeMainPlanRequest body) throws CarrierFaultMessage {
        return order(body.getHeader(), () -> simulator()
                .order(Product.Kind.MAIN_PLAN, body.getOrderSerial(), body.getPhone(), body.getPlanCode(), 0));
    }

    @Override
    public OrderResponseType recharge(RechargeRequest body) throws CarrierFaultMessage {
        return order(body.getHeader(), () -> simulator()
                .order(
                        Product.Kind.RECHARGE,
                        body.getOrderSerial(),
                        body.getPhone(),
                        Product.RECHARGE.name(),
                        body.getAmountFen()));
    }

    @Override
    public QueryOrderResponse queryOrder(QueryOrderRequest body) throws CarrierFaultMessage {
        return query(() -> {
            SimOrder o = simulator().find(body.getOrderSerial());
            QueryOrderResponse r = new QueryOrderResponse();
            r.setHeader(ok(body.getHeader()));
            r.setFound(o != null);
            if (o != null) {
                r.setOutcome(outcome(o));
            }
            return r;
        });
    }

    private OrderResponseType packageOrder(Product.Kind kind, PackageOrderType body) throws CarrierFaultMessage {
        return order(body.getHeader(), () -> simulator()
                .order(kind, body.getOrderSerial(), body.getPhone(), body.getProductCode(), 0));
    }

    // ---- plumbing

    private <T> T query(Supplier<T> work) throws CarrierFaultMessage {
        SimConfig config = state().config();
        try {
            busy(config);
            return work.get();
        } catch (SimFault f) {
            throw fault(f);
        } finally {
            sleep(config.queryLatencyMs());
        }
    }

    private OrderResponseType order(RequestHeader header, Supplier<SimOrder> work) throws CarrierFaultMessage {
        SimConfig config = state().config();
        try {
            busy(config);
            SimOrder o = work.get();
            OrderResponseType r = new OrderResponseType();
            r.setHeader(ok(header));
            r.setOutcome(outcome(o));
            r.setDuplicate(o.duplicate());
            return r;
        } catch (SimFault f) {
            throw fault(f);
        } finally {
            sleep(ThreadLocalRandom.current().nextLong(config.orderLatencyMinMs(), config.orderLatencyMaxMs() + 1));
        }
    }

    private static void busy(SimConfig config) {
        if (config.failureRate() > 0 && ThreadLocalRandom.current().nextDouble() < config.failureRate()) {
            throw SimFault.busy();
        }
    }

    private static void sleep(long ms) {
        if (ms <= 0) {
            return;
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static CarrierFaultMessage fault(SimFault f) {
        CarrierFault detail = new CarrierFault();
        detail.setCode(f.code());
        detail.setMessage(f.getMessage());
        return new CarrierFaultMessage(f.code() + ": " + f.getMessage(), detail);
    }

    private static ResponseHeader ok(RequestHeader request) {
        ResponseHeader h = new ResponseHeader();
        h.setTransactionId(request == null || request.getTransactionId() == null ? "" : request.getTransactionId());
        h.setResultCode("0000");
        h.setResultMessage("成功");
        h.setResponseTime(TIME.format(Instant.now().atZone(CarrierSimulator.ZONE)));
        return h;
    }

    private static OrderOutcome outcome(SimOrder o) {
        OrderOutcome out = new OrderOutcome();
        out.setOrderSerial(o.serial());
        out.setPhone(o.phone());
        out.setOrderType(o.kind());
        out.setProductCode(o.productCode());
        out.setAmountFen(o.amountFen());
        out.setSuccess(o.success());
        out.setResultCode(o.code());
        out.setResultMessage(o.message());
        out.setCarrierOrderId(o.carrierOrderId().isEmpty() ? null : o.carrierOrderId());
        out.setExecutedTime(TIME.format(Instant.ofEpochMilli(o.executedAt()).atZone(CarrierSimulator.ZONE)));
        return out;
    }

    private static BillItem item(Bill.Item i) {
        BillItem b = new BillItem();
        b.setItemName(i.name());
        b.setAmountFen(i.amountFen());
        return b;
    }

    private static Allowance allowance(Subscriber.Allowance a) {
        Allowance x = new Allowance();
        x.setTotal(a.total());
        x.setUsed(a.used());
        x.setRemaining(a.remaining());
        x.setUnit(a.unit());
        return x;
    }

    private static LocalDate parseDay(String s) {
        try {
            return LocalDate.parse(s == null ? "" : s, CarrierSimulator.DAY);
        } catch (DateTimeParseException e) {
            throw new SimFault("INVALID_DATE", "日期格式须为yyyyMMdd");
        }
    }

    private static YearMonth parseMonth(String s) {
        try {
            return YearMonth.parse(s == null ? "" : s, CarrierSimulator.MONTH);
        } catch (DateTimeParseException e) {
            throw new SimFault("INVALID_DATE", "账期格式须为yyyyMM");
        }
    }
}
