package org.wxplatform.business.carrier.soap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.wxplatform.business.carrier.CarrierException;
import org.wxplatform.business.carrier.CarrierOrders;
import org.wxplatform.business.carrier.OrderRequest;
import org.wxplatform.business.carrier.OrderResult;
import org.wxplatform.business.carrier.soap.gen.ChangeMainPlanRequest;
import org.wxplatform.business.carrier.soap.gen.OrderResponseType;
import org.wxplatform.business.carrier.soap.gen.PackageOrderType;
import org.wxplatform.business.carrier.soap.gen.QueryOrderRequest;
import org.wxplatform.business.carrier.soap.gen.RechargeRequest;

/**
 * {@link CarrierOrders} over SOAP: each {@link org.wxplatform.business.carrier.OrderKind} is its own
 * operation (OrderDataPackage, OrderMessagingPackage, OrderWlanPackage, ChangeMainPlan, Recharge), all
 * idempotent on the serial; {@link #find} is QueryOrder. Both use the long time limit.
 */
@ApplicationScoped
public class SoapCarrierOrders implements CarrierOrders {

    @Inject
    CarrierSoapClient client;

    @Override
    public OrderResult submit(OrderRequest request) throws CarrierException {
        if (request == null || request.kind() == null) {
            throw new IllegalArgumentException("an order needs a request with its kind");
        }
        String operation = operation(request);
        return client.order(
                operation,
                request.phone(),
                request.serial(),
                port -> switch (request.kind()) {
                    case DATA_PACKAGE -> port.orderDataPackage(packageOrder(request));
                    case SMS_PACKAGE -> port.orderMessagingPackage(packageOrder(request));
                    case WLAN_PACKAGE -> port.orderWlanPackage(packageOrder(request));
                    case MAIN_PLAN -> port.changeMainPlan(planChange(request));
                    case RECHARGE -> port.recharge(recharge(request));
                },
                r -> SoapTranslation.orderResult(r.getOutcome()),
                SoapCarrierOrders::outcome);
    }

    @Override
    public Optional<OrderResult> find(String serial) throws CarrierException {
        QueryOrderRequest request = new QueryOrderRequest();
        request.setHeader(CarrierSoapClient.header());
        request.setOrderSerial(serial);
        return client.order(
                "QueryOrder",
                null,
                serial,
                port -> port.queryOrder(request),
                r -> r.isFound()
                        ? Optional.of(SoapTranslation.orderResult(r.getOutcome()))
                        : Optional.<OrderResult>empty(),
                r -> r.isFound() ? "ok" : "not-found");
    }

    static String operation(OrderRequest request) {
        return switch (request.kind()) {
            case DATA_PACKAGE -> "OrderDataPackage";
            case SMS_PACKAGE -> "OrderMessagingPackage";
            case WLAN_PACKAGE -> "OrderWlanPackage";
            case MAIN_PLAN -> "ChangeMainPlan";
            case RECHARGE -> "Recharge";
        };
    }

    private static String outcome(OrderResponseType r) {
        if (r.getOutcome() == null) {
            return "bad-answer";
        }
        String first = r.isDuplicate() ? " duplicate=true" : "";
        return (r.getOutcome().isSuccess() ? "ok" : "refused:" + r.getOutcome().getResultCode()) + first;
    }

    static PackageOrderType packageOrder(OrderRequest request) {
        PackageOrderType order = new PackageOrderType();
        order.setHeader(CarrierSoapClient.header());
        order.setOrderSerial(request.serial());
        order.setPhone(request.phone());
        order.setProductCode(request.productCode());
        return order;
    }

    static ChangeMainPlanRequest planChange(OrderRequest request) {
        ChangeMainPlanRequest order = new ChangeMainPlanRequest();
        order.setHeader(CarrierSoapClient.header());
        order.setOrderSerial(request.serial());
        order.setPhone(request.phone());
        order.setPlanCode(request.productCode());
        return order;
    }

    static RechargeRequest recharge(OrderRequest request) {
        RechargeRequest order = new RechargeRequest();
        order.setHeader(CarrierSoapClient.header());
        order.setOrderSerial(request.serial());
        order.setPhone(request.phone());
        order.setAmountFen(request.amountFen());
        return order;
    }
}
