package org.wxplatform.business.binding;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link BindingRepository} and {@link BindingState} in memory, for unit tests; history kept in a list. */
public final class InMemoryBindings implements BindingRepository, BindingState {

    public record Row(String appid, String openid, String phone, boolean current, String endReason) {}

    public final List<Row> rows = new ArrayList<>();
    public final Map<String, String> cache = new HashMap<>();
    private final Map<String, Pending> pending = new HashMap<>();
    private final Map<String, Integer> codeRequests = new HashMap<>();
    private final Map<String, Step> steps = new HashMap<>();
    public boolean stateDown;

    public static BindingService service(Object carrier, InMemoryBindings store) {
        BindingService s = new BindingService();
        s.repository = store;
        s.state = store;
        s.carrier = (org.wxplatform.business.carrier.CarrierVerification) carrier;
        return s;
    }

    @Override
    public synchronized Optional<Binding> current(String appid, String openid) {
        return rows.stream()
                .filter(r -> r.current && r.appid.equals(appid) && r.openid.equals(openid))
                .findFirst()
                .map(r -> new Binding(appid, openid, r.phone, Instant.EPOCH));
    }

    @Override
    public synchronized Map<String, String> currentByPhones(String appid, java.util.Collection<String> phones) {
        Map<String, String> out = new HashMap<>();
        for (Row r : rows) {
            if (r.current && r.appid.equals(appid) && phones.contains(r.phone)) {
                out.put(r.phone, r.openid);
            }
        }
        return out;
    }

    @Override
    public synchronized List<String> bind(String appid, String openid, String phone, Channel channel) {
        List<String> touched = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            if (r.current && r.appid.equals(appid) && (r.openid.equals(openid) || r.phone.equals(phone))) {
                rows.set(i, new Row(appid, r.openid, r.phone, false, r.openid.equals(openid) ? "REPLACED" : "REBOUND"));
                touched.add(r.openid);
            }
        }
        rows.add(new Row(appid, openid, phone, true, null));
        if (!touched.contains(openid)) {
            touched.add(openid);
        }
        return touched;
    }

    @Override
    public synchronized Optional<Binding> unbind(String appid, String openid, Channel channel) {
        Optional<Binding> b = current(appid, openid);
        rows.replaceAll(r -> r.current && r.appid.equals(appid) && r.openid.equals(openid)
                ? new Row(appid, openid, r.phone, false, "UNBIND_" + channel)
                : r);
        return b;
    }

    @Override
    public Optional<Cached> cached(String appid, String openid) {
        String k = appid + ":" + openid;
        return cache.containsKey(k) ? Optional.of(new Cached(cache.get(k))) : Optional.empty();
    }

    @Override
    public void cacheIfAbsent(String appid, String openid, String phone, Duration ttl) {
        cache.putIfAbsent(appid + ":" + openid, phone);
    }

    @Override
    public void cache(String appid, String openid, String phone, Duration ttl) {
        cache.put(appid + ":" + openid, phone);
    }

    @Override
    public Optional<Pending> pending(String appid, String openid) {
        up();
        return Optional.ofNullable(pending.get(appid + ":" + openid));
    }

    @Override
    public void startPending(String appid, String openid, String phone, Duration ttl) {
        up();
        pending.put(appid + ":" + openid, new Pending(phone, 0));
    }

    @Override
    public int countAttempt(String appid, String openid) {
        up();
        Pending p = pending.get(appid + ":" + openid);
        if (p == null) {
            return 0;
        }
        pending.put(appid + ":" + openid, new Pending(p.phone(), p.attempts() + 1));
        return p.attempts() + 1;
    }

    @Override
    public void uncountAttempt(String appid, String openid) {
        Pending p = pending.get(appid + ":" + openid);
        if (p != null) {
            pending.put(appid + ":" + openid, new Pending(p.phone(), p.attempts() - 1));
        }
    }

    @Override
    public void clearPending(String appid, String openid) {
        up();
        pending.remove(appid + ":" + openid);
    }

    final Map<String, Integer> phoneCounts = new HashMap<>();

    @Override
    public int countCodeRequest(String appid, String openid) {
        up();
        return codeRequests.merge(appid + ":" + openid, 1, Integer::sum);
    }

    @Override
    public int countForPhone(String what, String phone, int windowSeconds) {
        up();
        return phoneCounts.merge(what + ":" + phone, 1, Integer::sum);
    }

    @Override
    public Optional<Step> step(String appid, String openid) {
        up();
        return Optional.ofNullable(steps.get(appid + ":" + openid));
    }

    @Override
    public void step(String appid, String openid, Step step, Duration ttl) {
        up();
        steps.put(appid + ":" + openid, step);
    }

    @Override
    public void clearStep(String appid, String openid) {
        up();
        steps.remove(appid + ":" + openid);
    }

    private void up() {
        if (stateDown) {
            throw new StateUnavailableException("store down", null);
        }
    }
}
