package org.wxplatform.business.transaction;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.logging.Logger;
import org.wxplatform.business.carrier.CarrierException;
import org.wxplatform.business.carrier.CarrierFault;
import org.wxplatform.business.carrier.CarrierOrders;
import org.wxplatform.business.carrier.CarrierUnavailableException;
import org.wxplatform.business.carrier.OrderResult;
import org.wxplatform.platform.config.Settings;
import org.wxplatform.platform.redis.TokenBucket;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;

/**
 * Carries one delivered transaction as far as it can go, from whatever state it is in:
 *
 * <ol>
 *   <li>finished (D/F): only make sure the outcome was told (a repeated delivery);
 *   <li>waiting (W) and not yet due: nothing (the republish job brings it back when due);
 *   <li>sent before (tries &gt; 0: a node died or the carrier did not answer): ask the carrier about the
 *       serial first, and store that outcome if it has one; never send a serial blindly twice;
 *   <li>otherwise wait for the carrier's pace (a token bucket shared by all nodes, {@code
 *       WXP_CARRIER_TX_RATE} per second), mark it sent, submit, store the outcome, tell it.
 * </ol>
 *
 * A carrier that is unavailable leaves the transaction in W with a back-off ({@code
 * WXP_TX_RETRY_BASE_SECONDS} doubling up to {@code WXP_TX_RETRY_MAX_SECONDS}) and the subscriber told
 * once. The caller acknowledges the delivery after this returns, i.e. after the outcome is stored.
 */
@ApplicationScoped
public class TransactionProcessor {

    private static final Logger LOG = Logger.getLogger(TransactionProcessor.class.getName());
    static final String PACE_KEY = "wxp:carrier:tx-rate";
    static final String HOLD_KEY = "wxp:carrier:tx-hold";
    /** Set while the carrier is known to be unavailable: the intake's answer says so. */
    static final String DOWN_KEY = "wxp:carrier:down";

    @Inject
    TransactionStore store;

    @Inject
    CarrierOrders orders;

    @Inject
    OutcomeNotifier notifier;

    @Inject
    JedisPool redis;

    private final double rate = Math.max(0.1, Double.parseDouble(Settings.get("WXP_CARRIER_TX_RATE", "20")));
    private final long retryBase = Math.max(1, Settings.getInt("WXP_TX_RETRY_BASE_SECONDS", 10));
    private final long retryMax = Math.max(retryBase, Settings.getInt("WXP_TX_RETRY_MAX_SECONDS", 300));

    /** Processes transaction {@code id}; throws only when the database is unavailable (redeliver it). */
    public void process(long id) throws SQLException {
        Optional<Transaction> found = store.find(id);
        if (found.isEmpty()) {
            LOG.warning("transaction " + id + " delivered but not stored: dropped");
            return;
        }
        Transaction t = found.get();
        if (t.finished()) {
            notifier.tellOutcome(t);
            return;
        }
        if (t.state() == 'W' && t.nextTryAt() != null && t.nextTryAt().isAfter(Instant.now())) {
            return;
        }
        try {
            if (t.tries() > 0) {
                Optional<OrderResult> known = orders.find(t.serial());
                if (known.isPresent()) {
                    finish(t, known.get());
                    return;
                }
            }
            pace();
            if (!store.markSending(id)) {
                store.find(id).ifPresent(this::tellQuietly);
                return;
            }
            finish(t, orders.submit(t.order()));
        } catch (CarrierUnavailableException e) {
            waitForCarrier(t, e);
        } catch (CarrierException e) {
            // the carrier refused the request itself (unknown number, unknown product): a failed outcome
            String code = e instanceof CarrierFault f ? f.code() : "REFUSED";
            finish(t, new OrderResult(t.serial(), false, null, code, e.getMessage(), Instant.now()));
        }
    }

    private void finish(Transaction t, OrderResult result) throws SQLException {
        try (Jedis jedis = redis.getResource()) {
            jedis.del(DOWN_KEY);
        } catch (RuntimeException e) {
            LOG.fine("carrier-down flag not cleared: " + e.getMessage());
        }
        if (!store.storeOutcome(t.id(), result)) {
            LOG.info("transaction " + t.id() + ": outcome was stored before");
        }
        Optional<Transaction> now = store.find(t.id());
        if (now.isPresent()) {
            notifier.tellOutcome(now.get());
        }
    }

    private void waitForCarrier(Transaction t, CarrierUnavailableException e) throws SQLException {
        // the transaction is in S when the carrier was reached for it, else still Q/P/W: make it S first
        store.markSending(t.id());
        int tries = t.tries() + 1;
        long delay = Math.min(retryMax, retryBase << Math.min(tries - 1, 20));
        store.markWaiting(t.id(), Instant.now().plusSeconds(delay), e.getMessage());
        LOG.warning("transaction " + t.id() + " waits " + delay + " s for the carrier: " + e.getMessage());
        try (Jedis jedis = redis.getResource()) {
            jedis.setex(
                    DOWN_KEY, Duration.ofMinutes(2).toSeconds(), Instant.now().toString());
        } catch (RuntimeException re) {
            LOG.fine("carrier-down flag not set: " + re.getMessage());
        }
        Optional<Transaction> now = store.find(t.id());
        if (now.isPresent()) {
            notifier.tellWaiting(now.get());
        }
    }

    /** Waits for a token of the carrier's pace, shared by every node. */
    private void pace() {
        while (true) {
            long wait;
            try (Jedis jedis = redis.getResource()) {
                wait = TokenBucket.take(jedis, PACE_KEY, HOLD_KEY, rate, Math.max(1, (int) Math.ceil(rate)));
            }
            if (wait == 0) {
                return;
            }
            try {
                Thread.sleep(Math.min(Math.abs(wait), 1000));
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the carrier's pace", ie);
            }
        }
    }

    private void tellQuietly(Transaction t) {
        try {
            notifier.tellOutcome(t);
        } catch (SQLException e) {
            LOG.warning("outcome of transaction " + t.id() + " not told: " + e.getMessage());
        }
    }
}
