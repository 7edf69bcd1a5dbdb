package org.wxplatform.it.tx;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.wxplatform.business.carrier.OrderKind;
import org.wxplatform.business.transaction.TransactionIntake;
import org.wxplatform.business.transaction.TransactionRequest;
import org.wxplatform.message.route.TextResponder;
import org.wxplatform.message.xml.InboundMessage;
import org.wxplatform.message.xml.Reply;
import org.wxplatform.message.xml.TextReply;

/**
 * Deployed only with the transaction test: "订购 PHONE PRODUCT" hands an order straight to the
 * transaction intake, keyed like the catalog keys callbacks (account + message key), so the queue,
 * the carrier path and the outcome can be tested apart from binding and the catalog.
 */
@ApplicationScoped
public class OrderText implements TextResponder {

    public static final String PREFIX = "订购 ";

    @Inject
    TransactionIntake intake;

    @Override
    public int priority() {
        return 40;
    }

    @Override
    public Optional<Reply> reply(String appid, InboundMessage.Text text) {
        if (!text.content().startsWith(PREFIX)) {
            return Optional.empty();
        }
        String[] p = text.content().substring(PREFIX.length()).strip().split("\\s+");
        String product = p[1];
        OrderKind kind = product.startsWith("DATA_")
                ? OrderKind.DATA_PACKAGE
                : product.startsWith("PLAN_")
                        ? OrderKind.MAIN_PLAN
                        : product.startsWith("WLAN_")
                                ? OrderKind.WLAN_PACKAGE
                                : product.equals("RECHARGE") ? OrderKind.RECHARGE : OrderKind.SMS_PACKAGE;
        long amount = kind == OrderKind.RECHARGE ? Long.parseLong(p[2]) : 0;
        String answer = intake.submit(new TransactionRequest(
                appid + ":" + text.dedupeKey(),
                appid,
                text.fromUserName(),
                p[0],
                kind,
                product,
                amount,
                product + " 业务"));
        return Optional.of(new TextReply(answer));
    }
}
