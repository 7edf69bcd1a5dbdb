package org.wxplatform.log.monitor;

import jakarta.annotation.Resource;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.wxplatform.platform.PlatformLifecycle;
import org.wxplatform.platform.config.Settings;
import org.wxplatform.platform.web.ErrorMappers;

/**
 * {@code POST /api/monitor/scale}: the balancers' scaling monitor ({@code scripts/scale-monitor
 * --report}) reports its requests/s once a minute and each tier change as it happens. The monitor runs on
 * the balancer, where the product's database is not reachable and no admin credentials belong, so it
 * posts with a shared token ({@code Authorization: Bearer $WXP_MONITOR_TOKEN}); without a token on the
 * node the endpoint does not exist (404).
 *
 * <pre>
 * POST /api/monitor/scale  {"balancer": "lb1", "rps": 1234, "tier": 3, "changed": false}   204
 * </pre>
 */
@Path("/monitor/scale")
public class ScaleReportResource {

    private static final Pattern BALANCER = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    @Resource(lookup = PlatformLifecycle.DATASOURCE)
    DataSource dataSource;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response report(@HeaderParam("Authorization") String authorization, String body) throws SQLException {
        String token = Settings.get("WXP_MONITOR_TOKEN", "");
        if (token.isEmpty()) {
            return ErrorMappers.error(Response.Status.NOT_FOUND, "not found");
        }
        String given = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).strip()
                : "";
        if (!MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
            return ErrorMappers.error(
                    Response.Status.UNAUTHORIZED, "Authorization: expected Bearer and the monitor token");
        }
        if (body == null || body.length() > 4096) {
            throw new IllegalArgumentException("body: expected a JSON object of at most 4 KB");
        }
        JsonObject o;
        try {
            JsonValue v = Json.createReader(new StringReader(body)).readValue();
            if (!(v instanceof JsonObject obj)) {
                throw new IllegalArgumentException("body: expected a JSON object");
            }
            o = obj;
        } catch (JsonException e) {
            throw new IllegalArgumentException("body: not valid JSON");
        }
        String balancer = o.get("balancer") instanceof jakarta.json.JsonString s ? s.getString() : null;
        if (balancer == null || !BALANCER.matcher(balancer).matches()) {
            throw new IllegalArgumentException("balancer: expected 1 to 64 letters, digits or . _ : -");
        }
        if (!(o.get("rps") instanceof JsonNumber rps)
                || rps.bigDecimalValue().signum() < 0
                || rps.bigDecimalValue().compareTo(BigDecimal.valueOf(100_000_000)) > 0) {
            throw new IllegalArgumentException("rps: expected a number 0..100000000");
        }
        if (!(o.get("tier") instanceof JsonNumber tier)
                || !tier.isIntegral()
                || tier.intValue() < 1
                || tier.intValue() > 5) {
            throw new IllegalArgumentException("tier: expected a whole number 1..5");
        }
        boolean changed = o.getBoolean("changed", false);
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO node_sample (node, kind, taken_at, rps, tier) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, balancer);
            ps.setString(2, changed ? "tier" : "scale");
            ps.setTimestamp(3, Timestamp.from(Instant.now().truncatedTo(ChronoUnit.SECONDS)));
            ps.setBigDecimal(4, rps.bigDecimalValue().setScale(1, java.math.RoundingMode.HALF_UP));
            ps.setString(5, String.valueOf(tier.intValue()));
            ps.executeUpdate();
        }
        return Response.noContent().build();
    }
}
