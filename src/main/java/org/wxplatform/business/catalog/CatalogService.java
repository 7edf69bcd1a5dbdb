package org.wxplatform.business.catalog;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Logger;
import org.wxplatform.business.binding.BindingService;
import org.wxplatform.business.binding.BindingTexts;
import org.wxplatform.business.carrier.OrderKind;
import org.wxplatform.business.query.QueryKind;
import org.wxplatform.business.query.QueryService;
import org.wxplatform.business.transaction.TransactionIntake;
import org.wxplatform.business.transaction.TransactionRequest;
import org.wxplatform.message.xml.InboundMessage;
import org.wxplatform.message.xml.Reply;
import org.wxplatform.message.xml.TextReply;

/**
 * What reaching a catalog node does for a subscriber: unbound → asked to bind first; a branch → the list
 * of its children; a query → the query service's answer; an order → the transaction intake's answer
 * (request key = account + the message's dedupe key, so WeChat's retries of one message order once).
 *
 * <p>The catalog is read from the database on first use and again at most every five minutes (it changes
 * with migrations, not at run time); a failed reload keeps the catalog in hand.
 */
@ApplicationScoped
public class CatalogService {

    static final long RELOAD_NANOS = TimeUnit.MINUTES.toNanos(5);

    private static final Logger LOG = Logger.getLogger(CatalogService.class.getName());

    @Inject
    CatalogRepository repository;

    @Inject
    BindingService bindings;

    @Inject
    QueryService queries;

    @Inject
    TransactionIntake intake;

    LongSupplier clock = System::nanoTime;

    private volatile Catalog catalog;
    private volatile long loadedAt;

    public Catalog catalog() {
        Catalog c = catalog;
        long now = clock.getAsLong();
        if (c == null || now - loadedAt > RELOAD_NANOS) {
            synchronized (this) {
                if (catalog == null || now - loadedAt > RELOAD_NANOS) {
                    try {
                        catalog = repository.load();
                    } catch (RuntimeException e) {
                        if (catalog == null) {
                            throw e;
                        }
                        LOG.warning("catalog not reloaded, keeping the loaded one: " + e.getMessage());
                    }
                    loadedAt = now;
                }
                c = catalog;
            }
        }
        return c;
    }

    /** The node a text names, if any. */
    public Optional<CatalogNode> match(String text) {
        return catalog().match(text);
    }

    /** The node a menu key names, if any. */
    public Optional<CatalogNode> byMenuKey(String key) {
        return catalog().byMenuKey(key);
    }

    /** The answer to {@code message} reaching {@code node}. */
    public Reply act(String appid, InboundMessage message, CatalogNode node) {
        String openid = message.fromUserName();
        Optional<String> phone = bindings.phoneOf(appid, openid);
        if (phone.isEmpty()) {
            return new TextReply(BindingTexts.BIND_FIRST);
        }
        switch (node.kind()) {
            case QUERY:
                return queries.answer(appid, message, phone.get(), QueryKind.valueOf(node.action()));
            case ORDER:
                return order(appid, message, phone.get(), node);
            case BRANCH:
            default:
                return new TextReply(CatalogTexts.branch(node, catalog().children(node.code())));
        }
    }

    private Reply order(String appid, InboundMessage message, String phone, CatalogNode node) {
        TransactionRequest request = new TransactionRequest(
                appid + ":" + message.dedupeKey(),
                appid,
                message.fromUserName(),
                phone,
                OrderKind.valueOf(node.action()),
                node.productCode(),
                node.amountFen(),
                node.name());
        return new TextReply(intake.submit(request));
    }
}
