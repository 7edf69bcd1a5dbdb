package org.wxplatform.business;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.wxplatform.business.carrier.BillItem;
import org.wxplatform.business.carrier.CarrierBills;
import org.wxplatform.business.carrier.CarrierException;
import org.wxplatform.business.carrier.CarrierFault;
import org.wxplatform.business.carrier.CarrierPoints;
import org.wxplatform.business.carrier.CarrierUnavailableException;
import org.wxplatform.business.carrier.CarrierUsage;
import org.wxplatform.business.carrier.CarrierVerification;
import org.wxplatform.business.carrier.DailyBill;
import org.wxplatform.business.carrier.DataPackageUsage;
import org.wxplatform.business.carrier.DataUsage;
import org.wxplatform.business.carrier.MonthlyBill;
import org.wxplatform.business.carrier.PackageRemaining;
import org.wxplatform.business.carrier.Points;
import org.wxplatform.business.carrier.PointsExchange;
import org.wxplatform.business.carrier.Remaining;

/**
 * An in-memory carrier for unit tests, following the carrier contract: numbers ending in 0000 are not
 * subscribers, a second code within the "60 s" is refused until {@link #expireCodeWindow}, {@link #down}
 * makes every call unavailable, {@link #latencyMillis} slows the queries.
 */
public final class FakeCarrier implements CarrierVerification, CarrierBills, CarrierUsage, CarrierPoints {

    public final Map<String, String> codes = new HashMap<>();
    /** SMS sent and code checks made, per number (the side effects a limit must bound). */
    public final Map<String, Integer> codesSent = new HashMap<>();

    public final Map<String, Integer> checks = new HashMap<>();
    private final Set<String> recent = new HashSet<>();
    public final AtomicInteger queries = new AtomicInteger();
    public volatile boolean down;
    public volatile long latencyMillis;
    private int next = 123456;

    public void expireCodeWindow() {
        recent.clear();
    }

    @Override
    public synchronized void sendCode(String phone) throws CarrierException {
        check(phone);
        if (!recent.add(phone)) {
            throw new CarrierFault("CODE_TOO_FREQUENT", "验证码发送过于频繁");
        }
        codes.put(phone, Integer.toString(next++));
        codesSent.merge(phone, 1, Integer::sum);
    }

    @Override
    public synchronized boolean checkCode(String phone, String code) throws CarrierException {
        check(phone);
        if (code == null || !code.matches("\\d{6}")) {
            throw new CarrierFault("INVALID_CODE", "malformed code");
        }
        checks.merge(phone, 1, Integer::sum);
        return code.equals(codes.get(phone));
    }

    @Override
    public DailyBill dailyBill(String phone, LocalDate day) throws CarrierException {
        query(phone);
        return new DailyBill(phone, day, 350, List.of(new BillItem("国内通话", 120), new BillItem("短信", 230)));
    }

    @Override
    public MonthlyBill monthlyBill(String phone, YearMonth month) throws CarrierException {
        query(phone);
        return new MonthlyBill(
                phone, month, 6512, 20000, List.of(new BillItem("套餐月费", 5800), new BillItem("超出流量", 712)));
    }

    @Override
    public DataUsage dataUsage(String phone) throws CarrierException {
        query(phone);
        return new DataUsage(
                phone,
                new Remaining(3 * 1024 * 1024, 512 * 1024, 2_621_440),
                List.of(
                        new DataPackageUsage("套餐内流量", new Remaining(2 * 1024 * 1024, 512 * 1024, 1_572_864)),
                        new DataPackageUsage("1GB月包", new Remaining(1024 * 1024, 0, 1024 * 1024))));
    }

    @Override
    public PackageRemaining packageRemaining(String phone) throws CarrierException {
        query(phone);
        return new PackageRemaining(
                phone,
                new Remaining(100, 20, 80),
                new Remaining(300, 45, 255),
                new Remaining(2 * 1024 * 1024, 1024, 2 * 1024 * 1024 - 1024),
                new Remaining(600, 90, 510));
    }

    @Override
    public Points points(String phone) throws CarrierException {
        query(phone);
        return new Points(phone, 1280, List.of(new PointsExchange(LocalDate.of(2024, 5, 1), "话费10元", 1000)));
    }

    private void query(String phone) throws CarrierException {
        queries.incrementAndGet();
        if (latencyMillis > 0) {
            try {
                Thread.sleep(latencyMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        check(phone);
    }

    private void check(String phone) throws CarrierException {
        if (down) {
            throw new CarrierUnavailableException("HTTP 503", null);
        }
        if (phone == null || !phone.matches("1[3-9]\\d{9}")) {
            throw new CarrierFault("INVALID_NUMBER", "号码格式错误");
        }
        if (phone.endsWith("0000")) {
            throw new CarrierFault("UNKNOWN_NUMBER", "非本网用户");
        }
    }
}
