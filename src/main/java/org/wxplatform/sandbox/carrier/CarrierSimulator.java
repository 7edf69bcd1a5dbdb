package org.wxplatform.sandbox.carrier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The simulated carrier's business rules, independent of SOAP: verification codes, bills, usage,
 * points and idempotent orders, all on {@link CarrierSimState} (Redis) and {@link Seed}. Refusals of the
 * request itself are {@link SimFault}s; refusals of an order (balance, already subscribed) are orders
 * with {@code success == false}. Dates are Beijing time.
 */
@ApplicationScoped
public class CarrierSimulator {

    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyyMM");
    /** Bills are kept for the current month and the five before it. */
    static final int BILL_MONTHS = 6;

    private static final Pattern SERIAL = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern CODE = Pattern.compile("\\d{4,8}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String[][] GIFTS = {
        {"话费充值券10元", "1000"}, {"1GB流量券", "800"}, {"视频会员月卡", "1500"}, {"电影票兑换券", "2000"}
    };

    @Inject
    CarrierSimState state;

    Clock clock = Clock.system(ZONE);

    CarrierSimulator() {}

    CarrierSimulator(CarrierSimState state, Clock clock) {
        this.state = state;
        this.clock = clock;
    }

    LocalDate today() {
        return LocalDate.now(clock);
    }

    // ---- verification

    /** Sends a new 6-digit code by "SMS"; CODE_TOO_FREQUENT within 60 s of the last. Answers its validity (s). */
    public int sendCode(String phone) {
        Seed.subscriber(phone);
        String code = String.format("%06d", RANDOM.nextInt(1_000_000));
        if (!state.storeCode(phone, code, clock.millis())) {
            throw new SimFault("CODE_TOO_FREQUENT", "验证码发送过于频繁，请60秒后再试");
        }
        return CarrierSimState.CODE_TTL_SECONDS;
    }

    /** Whether the code is the number's valid code (consumed when right); INVALID_CODE for a malformed one. */
    public boolean checkCode(String phone, String code) {
        Seed.subscriber(phone);
        if (code == null || !CODE.matcher(code).matches()) {
            throw new SimFault("INVALID_CODE", "验证码格式不正确，请输入短信中的数字验证码");
        }
        return state.checkCode(phone, code);
    }

    // ---- subscriber

    public Subscriber subscriber(String phone) {
        Seed.subscriber(phone);
        CarrierSimState.Changes changes = state.changes(phone);
        YearMonth month = YearMonth.from(today());
        Product plan = planIn(phone, changes.fields(), month);
        Product next = null;
        String np = changes.fields().get("nextPlan");
        if (np != null && Integer.parseInt(changes.fields().get("nextPlanMonth")) > monthNumber(month)) {
            next = Product.plan(np);
        }
        long balance = changes.fields().containsKey("balanceFen")
                ? Long.parseLong(changes.fields().get("balanceFen"))
                : Seed.balanceFen(phone);
        List<Product> active = activePackages(changes.packages(), month);
        List<Subscriber.DataPack> packs = new ArrayList<>();
        long planDataUsed = plan.dataKb * Seed.usedPercent(phone, "data") / 100;
        packs.add(new Subscriber.DataPack(plan.title + "国内流量", plan.dataKb, planDataUsed, plan.dataKb - planDataUsed));
        long dataTotal = plan.dataKb;
        long sms = plan.sms;
        long mms = 0;
        long wlan = plan.wlanMinutes;
        for (Product p : active) {
            if (p.dataKb > 0) {
                packs.add(new Subscriber.DataPack(p.title, p.dataKb, 0, p.dataKb));
                dataTotal += p.dataKb;
            }
            sms += p.sms;
            mms += p.mms;
            wlan += p.wlanMinutes;
        }
        return new Subscriber(
                phone,
                plan,
                next,
                balance,
                Subscriber.Allowance.of(sms, plan.sms * Seed.usedPercent(phone, "sms") / 100, "条"),
                Subscriber.Allowance.of(mms, 0, "条"),
                Subscriber.Allowance.of(
                        plan.voiceMinutes, plan.voiceMinutes * Seed.usedPercent(phone, "voice") / 100, "分钟"),
                Subscriber.Allowance.of(dataTotal, planDataUsed, "KB"),
                Subscriber.Allowance.of(wlan, plan.wlanMinutes * Seed.usedPercent(phone, "wlan") / 100, "分钟"),
                packs,
                Seed.points(phone),
                exchanges(phone, month));
    }

    private static List<Subscriber.Exchange> exchanges(String phone, YearMonth month) {
        int n = (int) (Seed.hash(phone, "exchanges") % 4);
        List<Subscriber.Exchange> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String[] gift = GIFTS[(int) (Seed.hash(phone, "gift" + i) % GIFTS.length)];
            LocalDate date = month.minusMonths(i + 1L).atDay(1).plusDays(Seed.hash(phone, "giftday" + i) % 28);
            out.add(new Subscriber.Exchange(date, gift[0], Long.parseLong(gift[1])));
        }
        return out;
    }

    /** The plan in effect in {@code month}: a changed plan from its month on, else the one before it. */
    static Product planIn(String phone, Map<String, String> fields, YearMonth month) {
        String np = fields.get("nextPlan");
        if (np != null && Integer.parseInt(fields.get("nextPlanMonth")) <= monthNumber(month)) {
            return Product.plan(np);
        }
        String base = fields.get("basePlan");
        return base != null ? Product.plan(base) : Seed.plan(phone);
    }

    static List<Product> activePackages(List<String> entries, YearMonth month) {
        int m = monthNumber(month);
        List<Product> out = new ArrayList<>();
        for (String e : entries) {
            String[] f = e.split("\\|");
            if (Integer.parseInt(f[1]) <= m && m <= Integer.parseInt(f[2])) {
                out.add(Product.valueOf(f[0]));
            }
        }
        return out;
    }

    static int monthNumber(YearMonth month) {
        return Integer.parseInt(month.format(MONTH));
    }

    // ---- bills

    public Bill dailyBill(String phone, LocalDate day) {
        Seed.subscriber(phone);
        LocalDate today = today();
        if (day == null || day.isAfter(today) || YearMonth.from(day).isBefore(firstBillMonth(today))) {
            throw invalidDate();
        }
        CarrierSimState.Changes changes = state.changes(phone);
        Product plan = planIn(phone, changes.fields(), YearMonth.from(day));
        List<Bill.Item> items = seededItems(phone, day, plan);
        for (String charge : state.charges(phone, List.of(day.format(DAY))).get(0)) {
            items.add(charge(charge));
        }
        return new Bill(phone, day.format(DAY), sum(items), balance(phone, changes), items);
    }

    public Bill monthlyBill(String phone, YearMonth month) {
        Seed.subscriber(phone);
        LocalDate today = today();
        if (month == null || month.isAfter(YearMonth.from(today)) || month.isBefore(firstBillMonth(today))) {
            throw invalidDate();
        }
        CarrierSimState.Changes changes = state.changes(phone);
        Product plan = planIn(phone, changes.fields(), month);
        int lastDay = month.equals(YearMonth.from(today)) ? today.getDayOfMonth() : month.lengthOfMonth();
        List<String> days = new ArrayList<>();
        for (int d = 1; d <= lastDay; d++) {
            days.add(month.atDay(d).format(DAY));
        }
        List<List<String>> charges = state.charges(phone, days);
        Map<String, Long> byName = new LinkedHashMap<>();
        for (int d = 1; d <= lastDay; d++) {
            for (Bill.Item item : seededItems(phone, month.atDay(d), plan)) {
                byName.merge(item.name(), item.amountFen(), Long::sum);
            }
            for (String c : charges.get(d - 1)) {
                Bill.Item item = charge(c);
                byName.merge(item.name(), item.amountFen(), Long::sum);
            }
        }
        List<Bill.Item> items = new ArrayList<>();
        byName.forEach((name, fen) -> items.add(new Bill.Item(name, fen)));
        return new Bill(phone, month.format(MONTH), sum(items), balance(phone, changes), items);
    }

    static YearMonth firstBillMonth(LocalDate today) {
        return YearMonth.from(today).minusMonths(BILL_MONTHS - 1L);
    }

    private static SimFault invalidDate() {
        return new SimFault("INVALID_DATE", "只能查询近六个月的账单");
    }

    /** The usage charges of one day, derived from the number and the date; the plan fee on the 1st. */
    static List<Bill.Item> seededItems(String phone, LocalDate day, Product plan) {
        List<Bill.Item> items = new ArrayList<>();
        if (day.getDayOfMonth() == 1) {
            items.add(new Bill.Item(plan.title + "月功能费", plan.priceFen));
        }
        long h = Seed.hash(phone, "day:" + day.format(DAY));
        if (h % 3 == 0) {
            items.add(new Bill.Item("国内语音通话费", 10 + (h >>> 4) % 391));
        }
        if ((h >>> 12) % 5 == 0) {
            items.add(new Bill.Item("国内流量超出费", 100 + (h >>> 16) % 500));
        }
        if ((h >>> 24) % 4 == 0) {
            items.add(new Bill.Item("短信费", 10 * (1 + (h >>> 28) % 10)));
        }
        if ((h >>> 36) % 9 == 0) {
            items.add(new Bill.Item("彩铃功能费", 500));
        }
        return items;
    }

    private static Bill.Item charge(String entry) {
        int bar = entry.lastIndexOf('|');
        return new Bill.Item(entry.substring(0, bar), Long.parseLong(entry.substring(bar + 1)));
    }

    private static long sum(List<Bill.Item> items) {
        return items.stream().mapToLong(Bill.Item::amountFen).sum();
    }

    private static long balance(String phone, CarrierSimState.Changes changes) {
        String b = changes.fields().get("balanceFen");
        return b != null ? Long.parseLong(b) : Seed.balanceFen(phone);
    }

    // ---- orders

    /**
     * Executes the serial once: the first submission claims it and executes it, a repeated one answers the
     * first outcome (waiting while the first is still executing) marked {@code duplicate}.
     */
    public SimOrder order(Product.Kind kind, String serial, String phone, String productCode, long amountFen) {
        Seed.subscriber(phone);
        if (serial == null || !SERIAL.matcher(serial).matches()) {
            throw new SimFault("INVALID_SERIAL", "流水号须为1到64位字母、数字、下划线或连字符");
        }
        Product product = Product.find(kind, productCode)
                .orElseThrow(() -> new SimFault("UNKNOWN_PRODUCT", "没有这个产品：" + productCode));
        if (kind == Product.Kind.RECHARGE) {
            if (amountFen < Product.MIN_RECHARGE_FEN || amountFen > Product.MAX_RECHARGE_FEN) {
                throw new SimFault("INVALID_AMOUNT", "充值金额须在10元到500元之间");
            }
        } else if (amountFen != 0) {
            throw new SimFault("INVALID_AMOUNT", "订购套餐或业务不能指定金额");
        }
        if (!state.claim(serial)) {
            return awaitFirst(serial);
        }
        try {
            return execute(product, serial, phone, amountFen);
        } catch (RuntimeException e) {
            state.release(serial);
            throw e;
        }
    }

    private SimOrder execute(Product product, String serial, String phone, long amountFen) {
        LocalDate today = today();
        YearMonth month = YearMonth.from(today);
        String mode =
                switch (product.kind) {
                    case RECHARGE -> "RECHARGE";
                    case MAIN_PLAN -> "PLAN";
                    default -> "PACKAGE";
                };
        long amount = product.kind == Product.Kind.RECHARGE ? amountFen : product.priceFen;
        CarrierSimState.Executed done = state.execute(
                phone,
                mode,
                Seed.balanceFen(phone),
                product.kind == Product.Kind.MAIN_PLAN ? 0 : amount,
                product.name(),
                product.exclusive,
                month.format(MONTH),
                product.name() + "|" + month.format(MONTH) + "|"
                        + month.plusMonths(Math.max(0, product.months - 1L)).format(MONTH),
                today.format(DAY),
                product.title + "|" + product.priceFen,
                Seed.plan(phone).name(),
                month.plusMonths(1).format(MONTH));
        boolean ok = done.status().equals("OK");
        String message = message(product, done, amount);
        String orderId = ok ? "CO" + today.format(DAY) + String.format("%08d", state.nextOrderNumber()) : "";
        long now = clock.millis();
        Map<String, String> outcome = new HashMap<>();
        outcome.put("serial", serial);
        outcome.put("phone", phone);
        outcome.put("kind", product.kind.name());
        outcome.put("productCode", product.name());
        outcome.put("amountFen", Long.toString(amountFen));
        outcome.put("success", Boolean.toString(ok));
        outcome.put("code", done.status());
        outcome.put("message", message);
        outcome.put("carrierOrderId", orderId);
        outcome.put("executedAt", Long.toString(now));
        state.finish(serial, phone, outcome);
        return new SimOrder(
                serial,
                phone,
                product.kind.name(),
                product.name(),
                amountFen,
                ok,
                done.status(),
                message,
                orderId,
                now,
                false);
    }

    private static String message(Product p, CarrierSimState.Executed done, long amount) {
        String balance = yuan(done.balanceFen());
        switch (done.status()) {
            case "OK":
                if (p.kind == Product.Kind.RECHARGE) {
                    return "充值成功：" + yuan(amount) + "元，当前余额" + balance + "元";
                }
                if (p.kind == Product.Kind.MAIN_PLAN) {
                    return "套餐变更已受理：" + p.title + "将于下月1日生效";
                }
                return "订购成功：" + p.title + "，已扣费" + yuan(amount) + "元，当前余额" + balance + "元";
            case "INSUFFICIENT_BALANCE":
                return "余额不足：" + p.title + "需" + yuan(amount) + "元，当前余额" + balance + "元，请充值后再试";
            default:
                return p.kind == Product.Kind.MAIN_PLAN
                        ? "您已办理" + p.title + "，无需重复办理"
                        : "您已订购" + p.title + "，有效期内无需重复订购";
        }
    }

    static String yuan(long fen) {
        return fen % 100 == 0 ? Long.toString(fen / 100) : String.format("%d.%02d", fen / 100, fen % 100);
    }

    private SimOrder awaitFirst(String serial) {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            Map<String, String> o = state.order(serial).orElse(Map.of());
            if ("DONE".equals(o.get("state"))) {
                return fromRecord(o, true);
            }
            if (o.isEmpty()) {
                // the first submission failed and gave the serial up
                throw SimFault.busy();
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw SimFault.busy();
            }
        }
        throw SimFault.busy();
    }

    /** The outcome of a serial, or null when never received; SYSTEM_BUSY while it is still executing. */
    public SimOrder find(String serial) {
        if (serial == null || !SERIAL.matcher(serial).matches()) {
            throw new SimFault("INVALID_SERIAL", "流水号须为1到64位字母、数字、下划线或连字符");
        }
        Map<String, String> o = state.order(serial).orElse(null);
        if (o == null) {
            return null;
        }
        if (!"DONE".equals(o.get("state"))) {
            throw SimFault.busy();
        }
        return fromRecord(o, false);
    }

    static SimOrder fromRecord(Map<String, String> o, boolean duplicate) {
        return new SimOrder(
                o.get("serial"),
                o.get("phone"),
                o.get("kind"),
                o.get("productCode"),
                Long.parseLong(o.getOrDefault("amountFen", "0")),
                Boolean.parseBoolean(o.get("success")),
                o.get("code"),
                o.get("message"),
                o.getOrDefault("carrierOrderId", ""),
                Long.parseLong(o.getOrDefault("executedAt", "0")),
                duplicate);
    }
}
