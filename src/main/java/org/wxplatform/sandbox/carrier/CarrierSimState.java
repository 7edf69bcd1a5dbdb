package org.wxplatform.sandbox.carrier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * What the simulated carrier remembers, in Redis under {@value #P}, so that all nodes serve one carrier:
 * the configuration, verification codes (with the 60 s resend gate), each subscriber's changes to its seed
 * (balance, plan change, bought packages, charges per day) and the orders by serial with the counters.
 *
 * <p>Everything that must not race is one Redis operation: a serial is claimed by a Lua script that counts
 * the submission and sets the claim in one step (two simultaneous submits of one serial execute once), an
 * order's balance check, charge and package grant are one Lua script per number (two orders of one number
 * never spend the same fen twice), a code check compares and consumes in one script.
 */
@ApplicationScoped
public class CarrierSimState {

    static final String P = "wxp:sandbox:carrier:";
    /** How long a sent code stays valid (seconds). */
    static final int CODE_TTL_SECONDS = 300;
    /** A new code for the same number only after this many seconds. */
    static final int CODE_GATE_SECONDS = 60;
    /** Wrong answers before a code is void. */
    static final int CODE_MAX_ATTEMPTS = 5;

    private static final String CLAIM =
            """
            redis.call('HINCRBY', KEYS[2], 'submissions', 1)
            if redis.call('HSETNX', KEYS[1], 'state', 'PENDING') == 1 then return 1 end
            redis.call('HINCRBY', KEYS[2], 'duplicates', 1)
            return 0
            """;

    private static final String CHECK_CODE =
            """
            local code = redis.call('HGET', KEYS[1], 'code')
            if not code then return 0 end
            if code == ARGV[1] then redis.call('DEL', KEYS[1]) return 1 end
            if redis.call('HINCRBY', KEYS[1], 'attempts', 1) >= tonumber(ARGV[2]) then redis.call('DEL', KEYS[1]) end
            return 0
            """;

    /*
     * KEYS: sub hash, package list, today's bill list.
     * ARGV: 1 mode (PACKAGE|PLAN|RECHARGE), 2 seed balance, 3 price or amount, 4 product code, 5 exclusive (1|0),
     *       6 current month yyyyMM, 7 package entry, 8 bill entry, 9 seed plan, 10 next month yyyyMM.
     * Answers {status, balance, detail}.
     */
    private static final String EXECUTE =
            """
            if redis.call('HEXISTS', KEYS[1], 'balanceFen') == 0 then redis.call('HSET', KEYS[1], 'balanceFen', ARGV[2]) end
            local bal = tonumber(redis.call('HGET', KEYS[1], 'balanceFen'))
            local mode = ARGV[1]
            local amount = tonumber(ARGV[3])
            local month = tonumber(ARGV[6])
            if mode == 'RECHARGE' then
              bal = redis.call('HINCRBY', KEYS[1], 'balanceFen', amount)
              return {'OK', tostring(bal), ''}
            end
            if mode == 'PLAN' then
              local np = redis.call('HGET', KEYS[1], 'nextPlan')
              local npm = tonumber(redis.call('HGET', KEYS[1], 'nextPlanMonth') or '0')
              local current = redis.call('HGET', KEYS[1], 'basePlan') or ARGV[9]
              local pending = false
              if np then
                if npm <= month then current = np else pending = np end
              end
              if ARGV[4] == current or ARGV[4] == pending then return {'ALREADY_SUBSCRIBED', tostring(bal), current} end
              redis.call('HSET', KEYS[1], 'basePlan', current, 'nextPlan', ARGV[4], 'nextPlanMonth', ARGV[10])
              return {'OK', tostring(bal), current}
            end
            if ARGV[5] == '1' then
              for _, e in ipairs(redis.call('LRANGE', KEYS[2], 0, -1)) do
                local code, from, to = string.match(e, '^([^|]+)|(%d+)|(%d+)$')
                if code == ARGV[4] and tonumber(to) >= month then return {'ALREADY_SUBSCRIBED', tostring(bal), ''} end
              end
            end
            if bal < amount then return {'INSUFFICIENT_BALANCE', tostring(bal), ''} end
            bal = redis.call('HINCRBY', KEYS[1], 'balanceFen', -amount)
            redis.call('RPUSH', KEYS[2], ARGV[7])
            redis.call('RPUSH', KEYS[3], ARGV[8])
            redis.call('EXPIRE', KEYS[3], 200 * 86400)
            return {'OK', tostring(bal), ''}
            """;

    @Inject
    JedisPool pool;

    /** The key prefix: {@value #P}, or a test's own. */
    private final String prefix;

    CarrierSimState() {
        this.prefix = P;
    }

    CarrierSimState(JedisPool pool, String prefix) {
        this.pool = pool;
        this.prefix = prefix;
    }

    // ---- configuration

    public SimConfig config() {
        try (Jedis jedis = pool.getResource()) {
            return SimConfig.fromHash(jedis.hgetAll(prefix + "config"));
        }
    }

    public SimConfig configure(SimConfig config) {
        try (Jedis jedis = pool.getResource()) {
            Transaction tx = jedis.multi();
            tx.del(prefix + "config");
            tx.hset(prefix + "config", config.toHash());
            tx.exec();
        }
        return config;
    }

    /** Default configuration, no orders, no codes, every subscriber back to its seed. */
    public void reset() {
        try (Jedis jedis = pool.getResource()) {
            ScanParams params = new ScanParams().match(prefix + "*").count(1000);
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page = jedis.scan(cursor, params);
                if (!page.getResult().isEmpty()) {
                    jedis.del(page.getResult().toArray(new String[0]));
                }
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        }
    }

    // ---- verification codes

    /** Stores a sent code; false (nothing stored) when one was sent to the number less than 60 s ago. */
    public boolean storeCode(String phone, String code, long now) {
        try (Jedis jedis = pool.getResource()) {
            String gate = jedis.set(
                    prefix + "codegate:" + phone,
                    "1",
                    SetParams.setParams().nx().ex(CODE_GATE_SECONDS));
            if (gate == null) {
                return false;
            }
            Transaction tx = jedis.multi();
            tx.del(prefix + "code:" + phone);
            tx.hset(prefix + "code:" + phone, Map.of("code", code, "sentAt", Long.toString(now), "attempts", "0"));
            tx.expire(prefix + "code:" + phone, CODE_TTL_SECONDS);
            tx.hset(prefix + "sms:" + phone, Map.of("code", code, "sentAt", Long.toString(now)));
            tx.expire(prefix + "sms:" + phone, 86_400);
            tx.exec();
            return true;
        }
    }

    /** Whether {@code code} is the number's valid code; a right code is consumed, five wrong ones void it. */
    public boolean checkCode(String phone, String code) {
        try (Jedis jedis = pool.getResource()) {
            Object r = jedis.eval(
                    CHECK_CODE, List.of(prefix + "code:" + phone), List.of(code, Integer.toString(CODE_MAX_ATTEMPTS)));
            return Long.valueOf(1).equals(r);
        }
    }

    /** The last SMS the carrier sent to the number (code, sentAt in epoch ms). */
    public Optional<Map<String, String>> lastSms(String phone) {
        try (Jedis jedis = pool.getResource()) {
            Map<String, String> sms = jedis.hgetAll(prefix + "sms:" + phone);
            return sms.isEmpty() ? Optional.empty() : Optional.of(sms);
        }
    }

    // ---- subscribers

    /** The number's changes to its seed: its hash, its package entries and the charges of the given days. */
    public record Changes(Map<String, String> fields, List<String> packages) {}

    public Changes changes(String phone) {
        try (Jedis jedis = pool.getResource()) {
            Pipeline pipe = jedis.pipelined();
            Response<Map<String, String>> fields = pipe.hgetAll(prefix + "sub:" + phone);
            Response<List<String>> packages = pipe.lrange(prefix + "pkg:" + phone, 0, -1);
            pipe.sync();
            return new Changes(fields.get(), packages.get());
        }
    }

    /** Charges executed on each of the days (yyyyMMdd), entries "name|fen". */
    public List<List<String>> charges(String phone, List<String> days) {
        try (Jedis jedis = pool.getResource()) {
            Pipeline pipe = jedis.pipelined();
            List<Response<List<String>>> responses = new ArrayList<>();
            for (String day : days) {
                responses.add(pipe.lrange(prefix + "bill:" + phone + ":" + day, 0, -1));
            }
            pipe.sync();
            List<List<String>> out = new ArrayList<>();
            responses.forEach(r -> out.add(r.get()));
            return out;
        }
    }

    /** Outcome of {@link #execute}: OK, INSUFFICIENT_BALANCE or ALREADY_SUBSCRIBED, the balance, the plan in effect. */
    public record Executed(String status, long balanceFen, String currentPlan) {}

    public Executed execute(
            String phone,
            String mode,
            long seedBalance,
            long amount,
            String productCode,
            boolean exclusive,
            String month,
            String packageEntry,
            String billDay,
            String billEntry,
            String seedPlan,
            String nextMonth) {
        try (Jedis jedis = pool.getResource()) {
            @SuppressWarnings("unchecked")
            List<Object> r = (List<Object>) jedis.eval(
                    EXECUTE,
                    List.of(prefix + "sub:" + phone, prefix + "pkg:" + phone, prefix + "bill:" + phone + ":" + billDay),
                    List.of(
                            mode,
                            Long.toString(seedBalance),
                            Long.toString(amount),
                            productCode,
                            exclusive ? "1" : "0",
                            month,
                            packageEntry,
                            billEntry,
                            seedPlan,
                            nextMonth));
            return new Executed((String) r.get(0), Long.parseLong((String) r.get(1)), (String) r.get(2));
        }
    }

    // ---- orders

    /** Counts a submission and claims the serial: true for the first submission, false for a duplicate. */
    public boolean claim(String serial) {
        try (Jedis jedis = pool.getResource()) {
            return Long.valueOf(1)
                    .equals(jedis.eval(CLAIM, List.of(prefix + "order:" + serial, prefix + "counts"), List.of()));
        }
    }

    /** Gives a claimed serial up (its execution failed before any change), so it can be submitted again. */
    public void release(String serial) {
        try (Jedis jedis = pool.getResource()) {
            jedis.del(prefix + "order:" + serial);
        }
    }

    /** Stores the outcome of a claimed serial and counts it executed. */
    public void finish(String serial, String phone, Map<String, String> outcome) {
        try (Jedis jedis = pool.getResource()) {
            Transaction tx = jedis.multi();
            tx.hset(prefix + "order:" + serial, outcome);
            tx.hset(prefix + "order:" + serial, "state", "DONE");
            tx.hincrBy(prefix + "counts", "executed", 1);
            tx.rpush(prefix + "orders", serial);
            tx.rpush(prefix + "orders:" + phone, serial);
            tx.exec();
        }
    }

    /** The serial's record (state PENDING or DONE), or empty when never submitted. */
    public Optional<Map<String, String>> order(String serial) {
        try (Jedis jedis = pool.getResource()) {
            Map<String, String> o = jedis.hgetAll(prefix + "order:" + serial);
            return o.isEmpty() ? Optional.empty() : Optional.of(o);
        }
    }

    /** A carrier order id unique across nodes. */
    public long nextOrderNumber() {
        try (Jedis jedis = pool.getResource()) {
            return jedis.incr(prefix + "orderseq");
        }
    }

    /** executed, submissions, duplicates. */
    public Map<String, String> counts() {
        try (Jedis jedis = pool.getResource()) {
            return jedis.hgetAll(prefix + "counts");
        }
    }

    /** The last {@code limit} executed orders (of one number when {@code phone} is given), oldest first. */
    public List<Map<String, String>> orders(String phone, int limit) {
        try (Jedis jedis = pool.getResource()) {
            List<String> serials = jedis.lrange(prefix + (phone == null ? "orders" : "orders:" + phone), -limit, -1);
            Pipeline pipe = jedis.pipelined();
            List<Response<Map<String, String>>> rs = new ArrayList<>();
            for (String s : serials) {
                rs.add(pipe.hgetAll(prefix + "order:" + s));
            }
            pipe.sync();
            List<Map<String, String>> out = new ArrayList<>();
            rs.forEach(r -> out.add(r.get()));
            return out;
        }
    }
}
