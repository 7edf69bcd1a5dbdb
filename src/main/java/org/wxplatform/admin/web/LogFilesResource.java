package org.wxplatform.admin.web;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.wxplatform.log.user.UserLogRetention;
import org.wxplatform.platform.PlatformLifecycle;
import org.wxplatform.platform.web.ErrorMappers;

/**
 * {@code /api/admin/log-files}: the monthly log files of the node that answers (SPEC §7.2, §7.5): the
 * interface log (every call to WeChat and the carrier) and the HTTP access log, the current month and the
 * compressed earlier ones ({@code interface.log.2026-11.gz}), streamed as they are on disk. Only names of
 * that form are ever served: the name is checked against the pattern before any path is built, so no
 * request reaches another file. Log files are per node: the answer names the node, and an operator who
 * needs another node's files asks that node (behind the balancer, {@code X-Upstream} of nginx's log).
 *
 * <pre>
 * GET  /api/admin/log-files                       {"node", "files": [{"name", "bytes", "modified"}]}
 * GET  /api/admin/log-files/{name}                the file (attachment)
 * POST /api/admin/log-files/user-log-purge        (SUPER_ADMIN) purge user logs past their retention now
 * </pre>
 */
@Path("/admin/log-files")
@Produces(MediaType.APPLICATION_JSON)
public class LogFilesResource {

    static final Pattern NAME = Pattern.compile("(interface|access)\\.log(\\.20[0-9]{2}-(0[1-9]|1[0-2])(\\.gz)?)?");

    @Inject
    UserLogRetention userLogs;

    @GET
    @RolesAllowed({"SUPER_ADMIN", "ADMIN"})
    public Response list() throws IOException {
        JsonArrayBuilder files = Json.createArrayBuilder();
        for (java.nio.file.Path p : files()) {
            files.add(Json.createObjectBuilder()
                    .add("name", p.getFileName().toString())
                    .add("bytes", Files.size(p))
                    .add("modified", Paging.time(Files.getLastModifiedTime(p).toInstant())));
        }
        return Response.ok(Json.createObjectBuilder()
                        .add("node", PlatformLifecycle.nodeName())
                        .add("files", files)
                        .build())
                .build();
    }

    @GET
    @Path("/{name}")
    @Produces({"text/plain", "application/gzip", MediaType.APPLICATION_JSON})
    @RolesAllowed({"SUPER_ADMIN", "ADMIN"})
    public Response download(@PathParam("name") String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            return ErrorMappers.error(Response.Status.NOT_FOUND, "name: no log file of that name");
        }
        java.nio.file.Path dir = directory();
        java.nio.file.Path file = dir == null ? null : dir.resolve(name);
        if (file == null || !file.normalize().startsWith(dir) || !Files.isRegularFile(file)) {
            return ErrorMappers.error(Response.Status.NOT_FOUND, "name: no log file of that name");
        }
        StreamingOutput body = out -> {
            try (InputStream in = Files.newInputStream(file)) {
                in.transferTo(out);
            }
        };
        return Response.ok(body, name.endsWith(".gz") ? "application/gzip" : "text/plain; charset=UTF-8")
                .header(
                        "Content-Disposition",
                        "attachment; filename=\"" + PlatformLifecycle.nodeName().replaceAll("[^A-Za-z0-9._-]", "_")
                                + "-" + name + "\"")
                .header("Cache-Control", "no-store")
                .header("X-Content-Type-Options", "nosniff")
                .build();
    }

    /** Purges the user logs past {@code WXP_USER_LOG_KEEP_MONTHS} now (the daily job does the same). */
    @POST
    @Path("/user-log-purge")
    @RolesAllowed("SUPER_ADMIN")
    public Response purgeUserLogs() throws SQLException {
        UserLogRetention.Result r = userLogs.purge();
        JsonArrayBuilder dropped = Json.createArrayBuilder();
        r.dropped().forEach(dropped::add);
        return Response.ok(Json.createObjectBuilder()
                        .add("before", Paging.time(r.before()))
                        .add("droppedTables", dropped)
                        .add("deletedRows", r.deleted())
                        .build())
                .build();
    }

    private static java.nio.file.Path directory() {
        String dir = System.getProperty("jboss.server.log.dir");
        return dir == null ? null : java.nio.file.Path.of(dir).toAbsolutePath().normalize();
    }

    private static List<java.nio.file.Path> files() throws IOException {
        java.nio.file.Path dir = directory();
        List<java.nio.file.Path> out = new ArrayList<>();
        if (dir == null || !Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<java.nio.file.Path> s = Files.list(dir)) {
            s.filter(p -> NAME.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p))
                    .sorted(Comparator.comparing(
                                    (java.nio.file.Path p) -> p.getFileName().toString())
                            .reversed())
                    .forEach(out::add);
        }
        return out;
    }
}
