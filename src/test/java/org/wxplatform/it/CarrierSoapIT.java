package org.wxplatform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.wxplatform.business.carrier.CarrierBills;
import org.wxplatform.business.carrier.CarrierException;
import org.wxplatform.business.carrier.CarrierFault;
import org.wxplatform.business.carrier.CarrierOrders;
import org.wxplatform.business.carrier.CarrierPoints;
import org.wxplatform.business.carrier.CarrierUnavailableException;
import org.wxplatform.business.carrier.CarrierUsage;
import org.wxplatform.business.carrier.CarrierVerification;
import org.wxplatform.business.carrier.DailyBill;
import org.wxplatform.business.carrier.DataUsage;
import org.wxplatform.business.carrier.MonthlyBill;
import org.wxplatform.business.carrier.OrderKind;
import org.wxplatform.business.carrier.OrderRequest;
import org.wxplatform.business.carrier.OrderResult;
import org.wxplatform.business.carrier.PackageRemaining;
import org.wxplatform.business.carrier.Points;
import org.wxplatform.business.carrier.soap.CarrierSoapClient;

/**
 * The carrier ports' SOAP adapters in the server against the sandbox carrier over real HTTP SOAP: answers
 * equal the simulator's own view of the subscriber, faults arrive as CarrierFault with the carrier's code,
 * a slow, down or busy carrier is a CarrierUnavailableException within the time limit, orders execute once
 * per serial under 50 concurrent submissions, and every call is in the interface log file.
 */
@ExtendWith(ArquillianExtension.class)
class CarrierSoapIT {

    static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");

    @Deployment
    static WebArchive deployment() {
        return Deployments.product();
    }

    @Inject
    CarrierVerification verification;

    @Inject
    CarrierBills bills;

    @Inject
    CarrierUsage usage;

    @Inject
    CarrierPoints points;

    @Inject
    CarrierOrders orders;

    @Inject
    CarrierSoapClient client;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void fastCarrier() throws Exception {
        assertEquals(200, post("/reset", "").statusCode());
        control("{\"queryLatencyMs\":0,\"orderLatencyMinMs\":0,\"orderLatencyMaxMs\":0}");
    }

    @AfterEach
    void defaults() throws Exception {
        post("/reset", "");
    }

    @Test
    void queriesAnswerWhatTheCarrierHolds() throws Exception {
        String phone = newPhone();
        JsonObject sub = subscriber(phone);
        JsonObject allowances = sub.getJsonObject("allowances");

        DataUsage data = usage.dataUsage(phone);
        assertEquals(phone, data.phone());
        assertEquals(
                allowances.getJsonObject("data").getJsonNumber("total").longValue(),
                data.totalKb().total());
        assertEquals(
                allowances.getJsonObject("data").getJsonNumber("used").longValue(),
                data.totalKb().used());
        JsonArray packs = sub.getJsonArray("dataPackages");
        assertEquals(packs.size(), data.packages().size());
        assertEquals(
                packs.getJsonObject(0).getString("name"), data.packages().get(0).packageName());

        PackageRemaining left = usage.packageRemaining(phone);
        assertEquals(
                allowances.getJsonObject("sms").getJsonNumber("remaining").longValue(),
                left.sms().remaining());
        assertEquals(
                allowances.getJsonObject("voice").getJsonNumber("total").longValue(),
                left.voiceMinutes().total());
        assertEquals(
                allowances.getJsonObject("data").getJsonNumber("remaining").longValue(),
                left.dataKb().remaining());
        assertEquals(
                allowances.getJsonObject("wlan").getJsonNumber("used").longValue(),
                left.wlanMinutes().used());

        Points p = points.points(phone);
        JsonObject simPoints = sub.getJsonObject("points");
        assertEquals(simPoints.getJsonNumber("available").longValue(), p.available());
        assertEquals(simPoints.getJsonArray("history").size(), p.history().size());
        for (int i = 1; i < p.history().size(); i++) {
            assertFalse(p.history().get(i).date().isAfter(p.history().get(i - 1).date()), "newest first");
        }

        MonthlyBill month = bills.monthlyBill(phone, YearMonth.now(BEIJING));
        JsonObject simMonth = sub.getJsonObject("monthBill");
        assertEquals(simMonth.getJsonNumber("totalFen").longValue(), month.totalFen());
        assertEquals(simMonth.getJsonArray("items").size(), month.items().size());
        assertEquals(sub.getJsonNumber("balanceFen").longValue(), month.balanceFen());
        assertEquals(
                month.totalFen(),
                month.items().stream().mapToLong(i -> i.amountFen()).sum());

        DailyBill today = bills.dailyBill(phone, LocalDate.now(BEIJING));
        assertEquals(sub.getJsonObject("todayBill").getJsonNumber("totalFen").longValue(), today.totalFen());
        DailyBill first = bills.dailyBill(phone, LocalDate.now(BEIJING).withDayOfMonth(1));
        assertTrue(first.items().stream().anyMatch(i -> i.name().endsWith("月功能费")), "plan fee on the 1st");
    }

    @Test
    void verificationCodesAreSentCheckedOnceAndRateLimited() throws Exception {
        String phone = newPhone();
        verification.sendCode(phone);
        HttpResponse<String> sms = get("/sms?phone=" + phone);
        assertEquals(200, sms.statusCode(), sms.body());
        String code = json(sms.body()).getString("code");
        String wrong = String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);
        assertFalse(verification.checkCode(phone, wrong));
        assertTrue(verification.checkCode(phone, code));
        assertFalse(verification.checkCode(phone, code), "a code works once");
        assertFault("CODE_TOO_FREQUENT", () -> verification.sendCode(phone));
        assertFault("INVALID_CODE", () -> verification.checkCode(phone, "12ab"));
        assertEquals(404, get("/sms?phone=" + newPhone()).statusCode());
    }

    @Test
    void faultsCarryTheCarriersCode() {
        String unknown =
                "139" + String.format("%04d", ThreadLocalRandom.current().nextInt(10_000)) + "0000";
        assertFault("UNKNOWN_NUMBER", () -> usage.dataUsage(unknown));
        assertFault("UNKNOWN_NUMBER", () -> verification.sendCode(unknown));
        assertFault("INVALID_NUMBER", () -> points.points("12345"));
        assertFault("INVALID_NUMBER", () -> usage.packageRemaining("2381234567a"));
        assertFault(
                "INVALID_DATE",
                () -> bills.monthlyBill(newPhone(), YearMonth.now(BEIJING).plusMonths(1)));
        assertFault(
                "INVALID_DATE",
                () -> bills.dailyBill(newPhone(), LocalDate.now(BEIJING).minusYears(1)));
    }

    @Test
    void ordersChangeTheSubscriberAndAreFoundBySerial() throws Exception {
        String phone = newPhone();
        JsonObject before = subscriber(phone);
        String serial = newSerial();
        assertEquals(Optional.empty(), orders.find(serial));

        OrderResult r = orders.submit(new OrderRequest(serial, phone, OrderKind.DATA_PACKAGE, "DATA_M_1G", 0));
        assertTrue(r.success(), r.toString());
        assertEquals("OK", r.code());
        assertEquals(serial, r.serial());
        assertNotNull(r.carrierOrderId());
        assertNotNull(r.executedAt());

        JsonObject after = subscriber(phone);
        assertEquals(
                before.getJsonNumber("balanceFen").longValue() - 3000,
                after.getJsonNumber("balanceFen").longValue());
        assertEquals(total(before, "data") + 1_048_576, total(after, "data"), "the package adds its data this month");
        assertEquals(total(after, "data"), usage.dataUsage(phone).totalKb().total());
        assertTrue(bills.dailyBill(phone, LocalDate.now(BEIJING)).items().stream()
                .anyMatch(i -> i.name().equals("1GB国内流量月包") && i.amountFen() == 3000));

        assertEquals(Optional.of(r), orders.find(serial));
        assertEquals(r, orders.submit(new OrderRequest(serial, phone, OrderKind.DATA_PACKAGE, "DATA_M_1G", 0)));
        OrderResult again = orders.submit(new OrderRequest(newSerial(), phone, OrderKind.DATA_PACKAGE, "DATA_M_1G", 0));
        assertFalse(again.success());
        assertEquals("ALREADY_SUBSCRIBED", again.code());

        String plan = after.getString("plan");
        OrderResult samePlan = orders.submit(new OrderRequest(newSerial(), phone, OrderKind.MAIN_PLAN, plan, 0));
        assertEquals("ALREADY_SUBSCRIBED", samePlan.code());
        String other = plan.equals("PLAN_88") ? "PLAN_128" : "PLAN_88";
        assertTrue(orders.submit(new OrderRequest(newSerial(), phone, OrderKind.MAIN_PLAN, other, 0))
                .success());
        assertEquals(other, subscriber(phone).getString("nextPlan"));

        long balance = subscriber(phone).getJsonNumber("balanceFen").longValue();
        assertTrue(orders.submit(new OrderRequest(newSerial(), phone, OrderKind.RECHARGE, "RECHARGE", 5000))
                .success());
        assertEquals(
                balance + 5000, subscriber(phone).getJsonNumber("balanceFen").longValue());

        assertFault(
                "INVALID_AMOUNT",
                () -> orders.submit(new OrderRequest(newSerial(), phone, OrderKind.RECHARGE, "RECHARGE", 10)));
        assertFault(
                "UNKNOWN_PRODUCT",
                () -> orders.submit(new OrderRequest(newSerial(), phone, OrderKind.WLAN_PACKAGE, "DATA_M_1G", 0)));
        assertFault(
                "INVALID_SERIAL",
                () -> orders.submit(new OrderRequest("bad serial!", phone, OrderKind.SMS_PACKAGE, "SMS_100", 0)));

        // stackable 10-yuan packages until the balance runs out: a refusal, not a fault
        OrderResult last = null;
        for (int i = 0; i < 80 && (last == null || last.success()); i++) {
            last = orders.submit(new OrderRequest(newSerial(), phone, OrderKind.SMS_PACKAGE, "SMS_100", 0));
        }
        assertNotNull(last);
        assertFalse(last.success());
        assertEquals("INSUFFICIENT_BALANCE", last.code());
        assertTrue(subscriber(phone).getJsonNumber("balanceFen").longValue() < 1000);
    }

    @Test
    void fiftyConcurrentSubmitsOfOneSerialExecuteOnce() throws Exception {
        control("{\"orderLatencyMinMs\":100,\"orderLatencyMaxMs\":400}");
        String phone = newPhone();
        String serial = newSerial();
        long balance = subscriber(phone).getJsonNumber("balanceFen").longValue();
        ExecutorService pool = Executors.newFixedThreadPool(50);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<OrderResult>> results = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return orders.submit(new OrderRequest(serial, phone, OrderKind.WLAN_PACKAGE, "WLAN_10H", 0));
                }));
            }
            start.countDown();
            Set<OrderResult> distinct = new HashSet<>();
            for (Future<OrderResult> f : results) {
                distinct.add(f.get(60, TimeUnit.SECONDS));
            }
            assertEquals(1, distinct.size(), "every submission answers the one outcome: " + distinct);
            assertTrue(distinct.iterator().next().success());
        } finally {
            pool.shutdownNow();
        }
        JsonObject counts = json(get("/orders?phone=" + phone).body());
        assertEquals(1, counts.getInt("executed"));
        assertEquals(50, counts.getInt("submissions"));
        assertEquals(49, counts.getInt("duplicates"));
        assertEquals(1, counts.getJsonArray("orders").size());
        assertEquals(serial, counts.getJsonArray("orders").getJsonObject(0).getString("serial"));
        assertEquals(
                balance - 500, subscriber(phone).getJsonNumber("balanceFen").longValue(), "charged once");
        assertTrue(orders.find(serial).orElseThrow().success());
    }

    @Test
    void aSlowCarrierIsUnavailableWithinTheTimeLimit() throws Exception {
        control("{\"queryLatencyMs\":6000}");
        String phone = newPhone();
        long started = System.nanoTime();
        CarrierUnavailableException e = assertThrows(CarrierUnavailableException.class, () -> usage.dataUsage(phone));
        long ms = (System.nanoTime() - started) / 1_000_000;
        assertTrue(e.transientFailure());
        assertTrue(ms >= 2900 && ms < 4500, "gave up after " + ms + " ms (limit 3000)");
        assertTrue(e.getMessage().contains("time limit"), e.getMessage());
    }

    @Test
    void aDownOrBusyCarrierIsUnavailable() throws Exception {
        String phone = newPhone();
        control("{\"down\":true}");
        assertEquals(503, send("GET", client.address() + "?wsdl", null).statusCode());
        CarrierUnavailableException down = assertThrows(CarrierUnavailableException.class, () -> points.points(phone));
        assertTrue(down.getMessage().contains("503"), down.getMessage());
        String serial = newSerial();
        assertThrows(
                CarrierUnavailableException.class,
                () -> orders.submit(new OrderRequest(serial, phone, OrderKind.SMS_PACKAGE, "MMS_50", 0)));

        control("{\"down\":false,\"failureRate\":1.0}");
        CarrierUnavailableException busy =
                assertThrows(CarrierUnavailableException.class, () -> bills.monthlyBill(phone, YearMonth.now(BEIJING)));
        assertTrue(busy.getMessage().contains("busy"), busy.getMessage());
        assertThrows(
                CarrierUnavailableException.class,
                () -> orders.submit(new OrderRequest(serial, phone, OrderKind.SMS_PACKAGE, "MMS_50", 0)));

        control("{\"failureRate\":0.0}");
        assertEquals(Optional.empty(), orders.find(serial), "neither the down nor the busy carrier executed it");
        assertEquals(0, json(get("/orders").body()).getInt("executed"));
        assertEquals(400, post("", "{\"failureRate\":2}").statusCode());
        assertEquals(400, post("", "{\"latency\":1}").statusCode());
    }

    @Test
    void theWsdlIsServedAndEveryCallIsInTheInterfaceLog() throws Exception {
        HttpResponse<String> wsdl = send("GET", client.address() + "?wsdl", null);
        assertEquals(200, wsdl.statusCode());
        assertTrue(wsdl.body().contains("CarrierService") && wsdl.body().contains("urn:carrier:QueryOrder"));
        assertTrue(wsdl.body().contains("(BOSS) interface used by wxplatform"), "the bundled WSDL is published");
        assertTrue(wsdl.body().contains("location=\"" + client.address() + "\""), "with this endpoint's address");

        String phone = newPhone();
        usage.dataUsage(phone);
        assertThrows(CarrierFault.class, () -> usage.dataUsage(phone.substring(0, 7) + "0000"));
        String serial = newSerial();
        orders.submit(new OrderRequest(serial, phone, OrderKind.WLAN_PACKAGE, "WLAN_50H", 0));

        String masked = phone.substring(0, 3) + "****" + phone.substring(7);
        Path dir = Path.of(System.getProperty("jboss.server.log.dir"));
        String log = Files.readString(dir.resolve("interface.log"), StandardCharsets.UTF_8);
        assertTrue(
                log.matches("(?s).*carrier operation=QueryDataUsage phone=" + java.util.regex.Pattern.quote(masked)
                        + " outcome=ok ms=\\d+.*"),
                "query line for " + masked);
        assertTrue(log.contains("carrier operation=QueryDataUsage phone=" + phone.substring(0, 3)
                + "****0000 outcome=fault:UNKNOWN_NUMBER"));
        assertTrue(log.contains(
                "carrier operation=OrderWlanPackage phone=" + masked + " serial=" + serial + " outcome=ok"));
        assertFalse(log.contains(phone), "numbers are masked");
        String server = Files.readString(dir.resolve("server.log"), StandardCharsets.UTF_8);
        assertFalse(server.contains("serial=" + serial), "the interface log is not in server.log");
    }

    // ---- helpers

    interface CarrierCall {
        void run() throws CarrierException;
    }

    static void assertFault(String code, CarrierCall call) {
        CarrierFault f = assertThrows(CarrierFault.class, call::run);
        assertEquals(code, f.code(), f.getMessage());
        assertFalse(f.transientFailure());
        assertFalse(f.getMessage() == null || f.getMessage().isBlank(), "a message for the subscriber");
    }

    static String newPhone() {
        String phone;
        do {
            phone = "13" + (5 + ThreadLocalRandom.current().nextInt(5))
                    + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
        } while (phone.endsWith("0000"));
        return phone;
    }

    static String newSerial() {
        return "IT" + UUID.randomUUID().toString().replace("-", "");
    }

    static long total(JsonObject subscriber, String allowance) {
        return subscriber
                .getJsonObject("allowances")
                .getJsonObject(allowance)
                .getJsonNumber("total")
                .longValue();
    }

    private String controlBase() {
        return client.address().replace("/sandbox/carrier/soap", "/sandbox/carrier/control");
    }

    private JsonObject subscriber(String phone) throws Exception {
        HttpResponse<String> r = get("/subscriber?phone=" + phone);
        assertEquals(200, r.statusCode(), r.body());
        return json(r.body());
    }

    private void control(String json) throws Exception {
        HttpResponse<String> r = post("", json);
        assertEquals(200, r.statusCode(), r.body());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send("GET", controlBase() + path, null);
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return send("POST", controlBase() + path, body);
    }

    private HttpResponse<String> send(String method, String url, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static JsonObject json(String body) {
        return Json.createReader(new StringReader(body)).readObject();
    }
}
