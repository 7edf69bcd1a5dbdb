package org.wxplatform.sandbox.carrier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisPoolConfig;

/** The simulated carrier's rules on the real Redis of the test run, under a key prefix of its own. */
class CarrierSimulatorTest {

    static JedisPool pool;
    static final Clock CLOCK = Clock.fixed(
            ZonedDateTime.of(2026, 11, 15, 10, 0, 0, 0, CarrierSimulator.ZONE).toInstant(), CarrierSimulator.ZONE);

    CarrierSimState state = new CarrierSimState(
            pool, "wxp:test:carrier:" + ThreadLocalRandom.current().nextLong(1L << 40) + ":");
    CarrierSimulator sim = new CarrierSimulator(state, CLOCK);

    @BeforeAll
    static void redis() {
        String url = System.getenv().getOrDefault("WXP_REDIS_URL", "redis://127.0.0.1:6379");
        URI uri = URI.create(url);
        JedisPoolConfig config = new JedisPoolConfig();
        config.setMaxTotal(40);
        DefaultJedisClientConfig.Builder client = DefaultJedisClientConfig.builder();
        if (uri.getPath() != null && uri.getPath().length() > 1) {
            client.database(Integer.parseInt(uri.getPath().substring(1)));
        }
        pool = new JedisPool(
                config, new HostAndPort(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 6379), client.build());
    }

    @AfterAll
    static void close() {
        pool.close();
    }

    @AfterEach
    void clean() {
        state.reset();
    }

    static final String PHONE = "13912345678";

    @Test
    void aPackageIsChargedGrantedBilledAndNotOrderedTwice() {
        Subscriber before = sim.subscriber(PHONE);
        SimOrder o = sim.order(Product.Kind.DATA_PACKAGE, "s1", PHONE, "DATA_M_500M", 0);
        assertTrue(o.success(), o.message());
        assertTrue(o.carrierOrderId().startsWith("CO20261115"));
        Subscriber after = sim.subscriber(PHONE);
        assertEquals(before.balanceFen() - 2000, after.balanceFen());
        assertEquals(before.data().total() + 512_000, after.data().total());
        assertEquals(before.dataPackages().size() + 1, after.dataPackages().size());
        assertTrue(
                sim.dailyBill(PHONE, LocalDate.of(2026, 11, 15)).items().contains(new Bill.Item("500MB国内流量月包", 2000)));

        SimOrder again = sim.order(Product.Kind.DATA_PACKAGE, "s2", PHONE, "DATA_M_500M", 0);
        assertFalse(again.success());
        assertEquals("ALREADY_SUBSCRIBED", again.code());
        assertEquals(after.balanceFen(), sim.subscriber(PHONE).balanceFen());

        SimOrder repeat = sim.order(Product.Kind.DATA_PACKAGE, "s1", PHONE, "DATA_M_500M", 0);
        assertTrue(repeat.duplicate());
        assertEquals(o.carrierOrderId(), repeat.carrierOrderId());
        assertEquals("2", state.counts().get("executed"));
        assertEquals("3", state.counts().get("submissions"));
        assertEquals("1", state.counts().get("duplicates"));

        // next month the monthly package is gone, the quarterly one would stay
        CarrierSimulator december = new CarrierSimulator(state, Clock.offset(CLOCK, java.time.Duration.ofDays(20)));
        assertEquals(before.data().total(), december.subscriber(PHONE).data().total());
    }

    @Test
    void aPlanChangeTakesEffectNextMonthAndCostsNothingNow() {
        Product current = Seed.plan(PHONE);
        Product other = current == Product.PLAN_88 ? Product.PLAN_128 : Product.PLAN_88;
        long balance = sim.subscriber(PHONE).balanceFen();
        assertEquals(
                "ALREADY_SUBSCRIBED",
                sim.order(Product.Kind.MAIN_PLAN, "p1", PHONE, current.name(), 0)
                        .code());
        assertTrue(
                sim.order(Product.Kind.MAIN_PLAN, "p2", PHONE, other.name(), 0).success());
        assertEquals(
                "ALREADY_SUBSCRIBED",
                sim.order(Product.Kind.MAIN_PLAN, "p3", PHONE, other.name(), 0).code());
        Subscriber now = sim.subscriber(PHONE);
        assertEquals(current, now.plan());
        assertEquals(other, now.nextPlan());
        assertEquals(balance, now.balanceFen());
        CarrierSimulator december = new CarrierSimulator(state, Clock.offset(CLOCK, java.time.Duration.ofDays(20)));
        assertEquals(other, december.subscriber(PHONE).plan());
        assertNull(december.subscriber(PHONE).nextPlan());
        assertTrue(december.dailyBill(PHONE, LocalDate.of(2026, 12, 1))
                .items()
                .contains(new Bill.Item(other.title + "月功能费", other.priceFen)));
        assertTrue(sim.dailyBill(PHONE, LocalDate.of(2026, 11, 1))
                .items()
                .contains(new Bill.Item(current.title + "月功能费", current.priceFen)));
    }

    @Test
    void refusalsAndFaults() {
        assertEquals(
                "INVALID_AMOUNT",
                assertThrows(SimFault.class, () -> sim.order(Product.Kind.RECHARGE, "r1", PHONE, "RECHARGE", 999))
                        .code());
        assertEquals(
                "INVALID_AMOUNT",
                assertThrows(SimFault.class, () -> sim.order(Product.Kind.RECHARGE, "r1", PHONE, "RECHARGE", 50_001))
                        .code());
        assertEquals(
                "INVALID_AMOUNT",
                assertThrows(SimFault.class, () -> sim.order(Product.Kind.SMS_PACKAGE, "r1", PHONE, "SMS_100", 100))
                        .code());
        assertEquals(
                "UNKNOWN_PRODUCT",
                assertThrows(SimFault.class, () -> sim.order(Product.Kind.SMS_PACKAGE, "r1", PHONE, "WLAN_10H", 0))
                        .code());
        assertEquals(
                "INVALID_SERIAL",
                assertThrows(SimFault.class, () -> sim.order(Product.Kind.SMS_PACKAGE, "", PHONE, "SMS_100", 0))
                        .code());
        assertNull(sim.find("r1"), "a refused request leaves no order");
        assertEquals(null, state.counts().get("submissions"), "nor a submission");

        long balance = sim.subscriber(PHONE).balanceFen();
        SimOrder last = null;
        int bought = 0;
        while (last == null || last.success()) {
            last = sim.order(Product.Kind.WLAN_PACKAGE, "w" + bought, PHONE, "WLAN_50H", 0);
            bought += last.success() ? 1 : 0;
        }
        assertEquals("INSUFFICIENT_BALANCE", last.code());
        assertEquals(balance / 2000, bought);
        assertEquals(balance % 2000, sim.subscriber(PHONE).balanceFen());
        assertTrue(sim.order(Product.Kind.RECHARGE, "top", PHONE, "RECHARGE", 10_000)
                .success());
        assertEquals(balance % 2000 + 10_000, sim.subscriber(PHONE).balanceFen());
    }

    @Test
    void concurrentSubmitsOfOneSerialExecuteOnce() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(20);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<SimOrder>> results = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            results.add(threads.submit(() -> {
                go.await();
                return sim.order(Product.Kind.SMS_PACKAGE, "same", PHONE, "SMS_100", 0);
            }));
        }
        go.countDown();
        Set<String> ids = new HashSet<>();
        int duplicates = 0;
        for (Future<SimOrder> f : results) {
            SimOrder o = f.get(30, TimeUnit.SECONDS);
            ids.add(o.carrierOrderId());
            duplicates += o.duplicate() ? 1 : 0;
        }
        threads.shutdown();
        assertEquals(1, ids.size());
        assertEquals(19, duplicates);
        assertEquals("1", state.counts().get("executed"));
        assertEquals("20", state.counts().get("submissions"));
        assertEquals(Seed.balanceFen(PHONE) - 1000, sim.subscriber(PHONE).balanceFen());
    }

    @Test
    void theMonthlyBillIsTheSumOfItsDays() {
        sim.order(Product.Kind.WLAN_PACKAGE, "m1", PHONE, "WLAN_10H", 0);
        Bill month = sim.monthlyBill(PHONE, YearMonth.of(2026, 11));
        long days = 0;
        for (int d = 1; d <= 15; d++) {
            days += sim.dailyBill(PHONE, LocalDate.of(2026, 11, d)).totalFen();
        }
        assertEquals(days, month.totalFen());
        Bill october = sim.monthlyBill(PHONE, YearMonth.of(2026, 10));
        assertTrue(october.items().stream().anyMatch(i -> i.name().endsWith("月功能费")));
        assertEquals(
                "INVALID_DATE",
                assertThrows(SimFault.class, () -> sim.monthlyBill(PHONE, YearMonth.of(2026, 12)))
                        .code());
        assertEquals(
                "INVALID_DATE",
                assertThrows(SimFault.class, () -> sim.monthlyBill(PHONE, YearMonth.of(2026, 5)))
                        .code());
        sim.monthlyBill(PHONE, YearMonth.of(2026, 6));
        assertEquals(
                "INVALID_DATE",
                assertThrows(SimFault.class, () -> sim.dailyBill(PHONE, LocalDate.of(2026, 11, 16)))
                        .code());
    }

    @Test
    void codesAreOneTimeRateLimitedAndVoidAfterFiveWrongAnswers() {
        assertEquals(300, sim.sendCode(PHONE));
        String code = state.lastSms(PHONE).orElseThrow().get("code");
        assertEquals(
                "CODE_TOO_FREQUENT",
                assertThrows(SimFault.class, () -> sim.sendCode(PHONE)).code());
        assertEquals(
                "INVALID_CODE",
                assertThrows(SimFault.class, () -> sim.checkCode(PHONE, "abc")).code());
        String wrong = String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);
        for (int i = 0; i < 5; i++) {
            assertFalse(sim.checkCode(PHONE, wrong));
        }
        assertFalse(sim.checkCode(PHONE, code), "five wrong answers void the code");

        String other = "13712345678";
        sim.sendCode(other);
        String c = state.lastSms(other).orElseThrow().get("code");
        assertTrue(sim.checkCode(other, c));
        assertFalse(sim.checkCode(other, c), "used once");
        assertEquals(
                "UNKNOWN_NUMBER",
                assertThrows(SimFault.class, () -> sim.sendCode("13712340000")).code());
    }
}
