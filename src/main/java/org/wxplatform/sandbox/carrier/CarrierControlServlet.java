package org.wxplatform.sandbox.carrier;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /sandbox/carrier/control}: what a test or a person changes and reads on the simulated carrier.
 *
 * <ul>
 *   <li>{@code GET} / {@code POST} (any subset of the members): the {@link SimConfig}, 400 naming a bad member.
 *   <li>{@code POST /reset}: default configuration, no orders, no codes, subscribers back to their seed.
 *   <li>{@code GET /orders[?phone=P]}: counters and the executed orders (the last 1000).
 *   <li>{@code GET /sms?phone=P}: the last verification code sent to P (404 when none).
 *   <li>{@code GET /subscriber?phone=P}: everything the carrier knows of P now.
 * </ul>
 */
@WebServlet(urlPatterns = "/sandbox/carrier/control/*")
public class CarrierControlServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final int MAX_BODY = 16 * 1024;

    @Inject
    transient CarrierSimState state;

    @Inject
    transient CarrierSimulator simulator;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = path(request);
        switch (path) {
            case "" -> write(response, 200, state.config().toJson());
            case "/orders" -> write(response, 200, orders(request.getParameter("phone")));
            case "/sms" -> sms(request.getParameter("phone"), response);
            case "/subscriber" -> subscriber(request.getParameter("phone"), response);
            default -> error(response, 404, "GET /sandbox/carrier/control[/orders|/sms|/subscriber]");
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = path(request);
        if (path.equals("/reset")) {
            state.reset();
            write(response, 200, SimConfig.DEFAULT.toJson());
            return;
        }
        if (!path.isEmpty()) {
            error(response, 404, "POST /sandbox/carrier/control or /sandbox/carrier/control/reset");
            return;
        }
        JsonObject patch;
        try {
            patch = body(request);
        } catch (IllegalArgumentException e) {
            error(response, 400, e.getMessage());
            return;
        }
        try {
            write(response, 200, state.configure(state.config().merge(patch)).toJson());
        } catch (IllegalArgumentException e) {
            error(response, 400, e.getMessage());
        }
    }

    private JsonObject orders(String phone) {
        Map<String, String> counts = state.counts();
        JsonArrayBuilder list = Json.createArrayBuilder();
        for (Map<String, String> o : state.orders(phone == null || phone.isBlank() ? null : phone, 1000)) {
            if (!"DONE".equals(o.get("state"))) {
                continue;
            }
            SimOrder order = CarrierSimulator.fromRecord(o, false);
            list.add(Json.createObjectBuilder()
                    .add("serial", order.serial())
                    .add("phone", order.phone())
                    .add("kind", order.kind())
                    .add("productCode", order.productCode())
                    .add("amountFen", order.amountFen())
                    .add("success", order.success())
                    .add("code", order.code())
                    .add("message", order.message())
                    .add("carrierOrderId", order.carrierOrderId())
                    .add("executedAt", Instant.ofEpochMilli(order.executedAt()).toString()));
        }
        return Json.createObjectBuilder()
                .add("executed", Long.parseLong(counts.getOrDefault("executed", "0")))
                .add("submissions", Long.parseLong(counts.getOrDefault("submissions", "0")))
                .add("duplicates", Long.parseLong(counts.getOrDefault("duplicates", "0")))
                .add("orders", list)
                .build();
    }

    private void sms(String phone, HttpServletResponse response) throws IOException {
        if (phone == null || phone.isBlank()) {
            error(response, 400, "phone is required");
            return;
        }
        Optional<Map<String, String>> sms = state.lastSms(phone);
        if (sms.isEmpty()) {
            error(response, 404, "no SMS sent to " + phone);
            return;
        }
        write(
                response,
                200,
                Json.createObjectBuilder()
                        .add("phone", phone)
                        .add("code", sms.get().get("code"))
                        .add(
                                "sentAt",
                                Instant.ofEpochMilli(Long.parseLong(sms.get().get("sentAt")))
                                        .toString())
                        .build());
    }

    private void subscriber(String phone, HttpServletResponse response) throws IOException {
        Subscriber s;
        try {
            s = simulator.subscriber(phone);
        } catch (SimFault f) {
            error(response, f.code().equals("UNKNOWN_NUMBER") ? 404 : 400, f.code() + ": " + f.getMessage());
            return;
        }
        JsonArrayBuilder packs = Json.createArrayBuilder();
        s.dataPackages()
                .forEach(p -> packs.add(Json.createObjectBuilder()
                        .add("name", p.name())
                        .add("total", p.totalKb())
                        .add("used", p.usedKb())
                        .add("remaining", p.remainingKb())));
        JsonArrayBuilder history = Json.createArrayBuilder();
        s.exchanges()
                .forEach(e -> history.add(Json.createObjectBuilder()
                        .add("date", e.date().toString())
                        .add("item", e.item())
                        .add("points", e.points())));
        Bill month = simulator.monthlyBill(phone, YearMonth.from(simulator.today()));
        Bill today = simulator.dailyBill(phone, simulator.today());
        write(
                response,
                200,
                Json.createObjectBuilder()
                        .add("phone", s.phone())
                        .add("plan", s.plan().name())
                        .add(
                                "nextPlan",
                                s.nextPlan() == null
                                        ? JsonValue.NULL
                                        : Json.createValue(s.nextPlan().name()))
                        .add("balanceFen", s.balanceFen())
                        .add(
                                "allowances",
                                Json.createObjectBuilder()
                                        .add("sms", allowance(s.sms()))
                                        .add("mms", allowance(s.mms()))
                                        .add("voice", allowance(s.voice()))
                                        .add("data", allowance(s.data()))
                                        .add("wlan", allowance(s.wlan())))
                        .add("dataPackages", packs)
                        .add(
                                "points",
                                Json.createObjectBuilder()
                                        .add("available", s.points())
                                        .add("history", history))
                        .add("monthBill", bill("month", month))
                        .add("todayBill", bill("day", today))
                        .build());
    }

    private static JsonObjectBuilder allowance(Subscriber.Allowance a) {
        return Json.createObjectBuilder()
                .add("total", a.total())
                .add("used", a.used())
                .add("remaining", a.remaining())
                .add("unit", a.unit());
    }

    private static JsonObjectBuilder bill(String periodName, Bill b) {
        JsonArrayBuilder items = Json.createArrayBuilder();
        b.items()
                .forEach(i -> items.add(
                        Json.createObjectBuilder().add("name", i.name()).add("amountFen", i.amountFen())));
        return Json.createObjectBuilder()
                .add(periodName, b.period())
                .add("totalFen", b.totalFen())
                .add("items", items);
    }

    private static String path(HttpServletRequest request) {
        String p = request.getPathInfo();
        if (p == null || p.equals("/")) {
            return "";
        }
        return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    private static JsonObject body(HttpServletRequest request) throws IOException {
        byte[] bytes;
        try (InputStream in = request.getInputStream()) {
            bytes = in.readNBytes(MAX_BODY + 1);
        }
        if (bytes.length > MAX_BODY) {
            throw new IllegalArgumentException("the body is larger than " + MAX_BODY + " bytes");
        }
        try (JsonReader reader = Json.createReader(new StringReader(new String(bytes, StandardCharsets.UTF_8)))) {
            JsonValue v = reader.readValue();
            if (v.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new IllegalArgumentException("the body must be one JSON object");
            }
            return v.asJsonObject();
        } catch (JsonException e) {
            throw new IllegalArgumentException("the body must be one JSON object");
        }
    }

    static void write(HttpServletResponse response, int status, JsonObject body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getOutputStream().write(body.toString().getBytes(StandardCharsets.UTF_8));
    }

    static void error(HttpServletResponse response, int status, String message) throws IOException {
        write(response, status, Json.createObjectBuilder().add("error", message).build());
    }
}
