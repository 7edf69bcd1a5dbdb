package org.wxplatform.business.query;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;
import org.wxplatform.business.binding.Phones;
import org.wxplatform.business.carrier.CarrierBills;
import org.wxplatform.business.carrier.CarrierException;
import org.wxplatform.business.carrier.CarrierFault;
import org.wxplatform.business.carrier.CarrierPoints;
import org.wxplatform.business.carrier.CarrierUsage;
import org.wxplatform.message.xml.InboundMessage;
import org.wxplatform.message.xml.Reply;
import org.wxplatform.message.xml.TextReply;
import org.wxplatform.platform.config.Settings;

/**
 * Answers a bound subscriber's query (SPEC §3.4). In the callback: a cached answer at once; otherwise the
 * carrier is asked on a worker thread and given {@code WXP_QUERY_INLINE_MS} (800) — well inside WeChat's
 * 5 s — to answer; past that the query goes to the async reply path and the subscriber is told the
 * answer follows. The call that ran out of budget still completes and fills the cache
 * ({@code WXP_QUERY_CACHE_SECONDS}, 60), so asking again soon is answered at once.
 *
 * <p>A carrier fault (unknown number, ...) and an unavailable carrier are answered with a clear text;
 * they are not cached.
 */
@ApplicationScoped
public class QueryService {

    static final String UNAVAILABLE = "业务系统暂时无法访问，请稍后再试。";

    private static final Logger LOG = Logger.getLogger(QueryService.class.getName());

    @Inject
    CarrierBills bills;

    @Inject
    CarrierUsage usage;

    @Inject
    CarrierPoints points;

    @Inject
    QueryCache cache;

    @Inject
    QueryDeferral deferral;

    @Resource
    ManagedExecutorService managedExecutor;

    ExecutorService executor;
    long inlineMillis = Settings.getInt("WXP_QUERY_INLINE_MS", 800);
    int cacheSeconds = Settings.getInt("WXP_QUERY_CACHE_SECONDS", 60);
    ZoneId zone = ZoneId.of(Settings.get("WXP_TIMEZONE", "Asia/Shanghai"));

    /** The callback's answer to {@code kind} for {@code phone}, asked by {@code message}. */
    public Reply answer(String appid, InboundMessage message, String phone, QueryKind kind) {
        Optional<String> cached = cache.get(phone, kind, cacheSeconds);
        if (cached.isPresent()) {
            return new TextReply(cached.get());
        }
        Future<String> call;
        try {
            call = executor().submit(() -> fetch(phone, kind));
        } catch (RejectedExecutionException e) {
            LOG.warning("query worker pool full, deferring: " + e.getMessage());
            return deferral.defer(appid, message, phone, kind, ack(kind));
        }
        try {
            return new TextReply(call.get(inlineMillis, TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return deferral.defer(appid, message, phone, kind, ack(kind));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CarrierException c) {
                return new TextReply(failure(c, phone, kind));
            }
            throw new IllegalStateException("query failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the carrier", e);
        }
    }

    /** The answer however long the carrier takes (the async path), or the reason there is none. */
    public String answerNow(String phone, QueryKind kind) {
        Optional<String> cached = cache.get(phone, kind, cacheSeconds);
        if (cached.isPresent()) {
            return cached.get();
        }
        try {
            return fetch(phone, kind);
        } catch (CarrierException e) {
            return failure(e, phone, kind);
        }
    }

    /** Asks the carrier, renders the answer and caches it. */
    String fetch(String phone, QueryKind kind) throws CarrierException {
        String text =
                switch (kind) {
                    case BILL_DAILY -> QueryTexts.daily(bills.dailyBill(phone, LocalDate.now(zone)));
                    case BILL_MONTHLY -> QueryTexts.monthly(bills.monthlyBill(phone, YearMonth.now(zone)));
                    case DATA_USAGE -> QueryTexts.dataUsage(usage.dataUsage(phone));
                    case PACKAGE_REMAINING -> QueryTexts.packageRemaining(usage.packageRemaining(phone));
                    case POINTS -> QueryTexts.points(points.points(phone));
                };
        cache.put(phone, kind, text, cacheSeconds);
        return text;
    }

    static String ack(QueryKind kind) {
        return "正在为您查询" + kind.title() + "，结果稍后发送给您。";
    }

    static String failure(CarrierException e, String phone, QueryKind kind) {
        if (e instanceof CarrierFault f) {
            if ("UNKNOWN_NUMBER".equals(f.code())) {
                return "号码 " + Phones.mask(phone) + " 不是本网用户，无法查询" + kind.title() + "。";
            }
            return "查询" + kind.title() + "未成功：" + f.getMessage();
        }
        LOG.info("query " + kind + " for " + Phones.mask(phone) + " failed: " + e.getMessage());
        return "暂时无法查询" + kind.title() + "：" + UNAVAILABLE;
    }

    private ExecutorService executor() {
        return executor != null ? executor : managedExecutor;
    }
}
