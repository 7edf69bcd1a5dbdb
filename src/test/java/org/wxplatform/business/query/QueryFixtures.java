package org.wxplatform.business.query;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.wxplatform.business.FakeCarrier;
import org.wxplatform.message.xml.InboundMessage;
import org.wxplatform.message.xml.Reply;
import org.wxplatform.message.xml.TextReply;

/** A {@link QueryService} over a fake carrier, an in-memory cache and a recording deferral (tests only). */
public final class QueryFixtures {

    public static final String ACK_PREFIX = "正在为您查询";

    /** A deferred query as the async path would have received it. */
    public record Deferred(String appid, String messageKey, String phone, QueryKind kind) {}

    public final Map<String, String> cache = new ConcurrentHashMap<>();
    public final List<Deferred> deferred = new ArrayList<>();
    public final QueryService service = new QueryService();
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "query-test");
        t.setDaemon(true);
        return t;
    });

    public QueryFixtures(FakeCarrier carrier, long inlineMillis) {
        service.bills = carrier;
        service.usage = carrier;
        service.points = carrier;
        service.executor = POOL;
        service.inlineMillis = inlineMillis;
        service.zone = ZoneId.of("Asia/Shanghai");
        service.cache = new QueryCache() {
            @Override
            public Optional<String> get(String phone, QueryKind kind, int ttl) {
                return Optional.ofNullable(cache.get(kind + ":" + phone));
            }

            @Override
            public void put(String phone, QueryKind kind, String text, int ttl) {
                cache.put(kind + ":" + phone, text);
            }
        };
        service.deferral = new QueryDeferral() {
            @Override
            public Reply defer(String appid, InboundMessage message, String phone, QueryKind kind, String ack) {
                synchronized (deferred) {
                    deferred.add(new Deferred(appid, message.dedupeKey(), phone, kind));
                }
                return new TextReply(ack);
            }
        };
    }
}
