package org.wxplatform.admin.web;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;
import org.wxplatform.log.monitor.MonitorQuery;

/**
 * {@code /api/admin/monitor}: the nodes' monitoring samples as chart series.
 *
 * <pre>
 * GET /api/admin/monitor?from=yyyy-MM-ddTHH:mm&amp;to=..&amp;node=..   (Beijing time; the last 24 hours by default)
 * {"from", "to", "bucketSeconds", "truncated",
 *  "nodes": [{"node", "traffic": [{"iface", "points": [[time, rxBytes, txBytes, rxPackets, txPackets], ...]}],
 *             "load": [[time, load1, load5, load15], ...]}],
 *  "scale": [{"balancer", "points": [[time, requestsPerSecond, tier], ...]}],
 *  "tierChanges": [{"at", "balancer", "rps", "tier"}]}
 * </pre>
 *
 * Traffic points are per minute, averaged over their bucket; times are ISO-8601 with the +08:00 offset.
 */
@Path("/admin/monitor")
@Produces(MediaType.APPLICATION_JSON)
public class MonitorResource {

    private static final Pattern NODE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    @Inject
    MonitorQuery monitor;

    @GET
    @RolesAllowed({"SUPER_ADMIN", "ADMIN"})
    public JsonObject series(
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("node") String node)
            throws SQLException {
        Instant t = Lookups.minute("to", to, Paging.ZONE);
        Instant f = Lookups.minute("from", from, Paging.ZONE);
        if (t == null) {
            t = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
        }
        if (f == null) {
            f = t.minus(Duration.ofDays(1));
        }
        if (!f.isBefore(t)) {
            throw new Paging.BadInput("from", "must be before to");
        }
        if (Duration.between(f, t).compareTo(MonitorQuery.MAX_RANGE) > 0) {
            throw new Paging.BadInput("to", "at most " + MonitorQuery.MAX_RANGE.toDays() + " days after from");
        }
        String n = Lookups.blankToNull(node);
        if (n != null && !NODE.matcher(n).matches()) {
            throw new Paging.BadInput("node", "expected 1 to 64 letters, digits or . _ : -");
        }
        MonitorQuery.Answer a = monitor.series(f, t, n);
        JsonArrayBuilder nodes = Json.createArrayBuilder();
        for (MonitorQuery.NodeSeries s : a.nodes()) {
            JsonArrayBuilder traffic = Json.createArrayBuilder();
            s.traffic().forEach((iface, points) -> {
                JsonArrayBuilder p = Json.createArrayBuilder();
                for (MonitorQuery.Traffic x : points) {
                    p.add(Json.createArrayBuilder()
                            .add(Paging.time(x.at()))
                            .add(Math.round(x.rxBytes()))
                            .add(Math.round(x.txBytes()))
                            .add(Math.round(x.rxPackets()))
                            .add(Math.round(x.txPackets())));
                }
                traffic.add(Json.createObjectBuilder().add("iface", iface).add("points", p));
            });
            JsonArrayBuilder load = Json.createArrayBuilder();
            for (MonitorQuery.Load x : s.load()) {
                load.add(Json.createArrayBuilder()
                        .add(Paging.time(x.at()))
                        .add(round2(x.one()))
                        .add(round2(x.five()))
                        .add(round2(x.fifteen())));
            }
            JsonObjectBuilder o = Json.createObjectBuilder()
                    .add("node", s.node())
                    .add("traffic", traffic)
                    .add("load", load);
            nodes.add(o);
        }
        JsonArrayBuilder scale = Json.createArrayBuilder();
        a.scale().forEach((balancer, points) -> {
            JsonArrayBuilder p = Json.createArrayBuilder();
            for (MonitorQuery.Scale x : points) {
                p.add(Json.createArrayBuilder()
                        .add(Paging.time(x.at()))
                        .add(Math.round(x.rps() * 10) / 10.0)
                        .add(x.tier()));
            }
            scale.add(Json.createObjectBuilder().add("balancer", balancer).add("points", p));
        });
        JsonArrayBuilder changes = Json.createArrayBuilder();
        for (MonitorQuery.TierChange x : a.tierChanges()) {
            changes.add(Json.createObjectBuilder()
                    .add("at", Paging.time(x.at()))
                    .add("balancer", x.balancer())
                    .add("rps", Math.round(x.rps() * 10) / 10.0)
                    .add("tier", x.tier()));
        }
        return Json.createObjectBuilder()
                .add("scale", scale)
                .add("tierChanges", changes)
                .add("from", Paging.time(f))
                .add("to", Paging.time(t))
                .add("bucketSeconds", a.bucketSeconds())
                .add("truncated", a.truncated())
                .add("nodes", nodes)
                .build();
    }

    private static double round2(double d) {
        return Math.round(d * 100) / 100.0;
    }
}
