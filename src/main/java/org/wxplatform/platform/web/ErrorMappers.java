package org.wxplatform.platform.web;

import jakarta.json.Json;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Errors of the REST API as JSON {@code {"error": ...}}: a client's mistake says what was wrong; a
 * failure of ours says only that it failed and gives a reference to find it in the server log. Stack
 * traces and exception messages of the server's own failures never reach the client.
 */
public final class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class.getName());

    private ErrorMappers() {}

    public static Response error(Response.Status status, String message) {
        return error(status.getStatusCode(), message);
    }

    public static Response error(int status, String message) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Json.createObjectBuilder().add("error", message).build())
                .build();
    }

    /** Bad input detected by our own validation: 400 with the reason. */
    @Provider
    public static class IllegalArgument implements ExceptionMapper<IllegalArgumentException> {
        @Override
        public Response toResponse(IllegalArgumentException e) {
            return error(Response.Status.BAD_REQUEST, e.getMessage());
        }
    }

    /** Bean Validation on resource parameters: 400 listing what failed. */
    @Provider
    public static class Violations implements ExceptionMapper<ConstraintViolationException> {
        @Override
        public Response toResponse(ConstraintViolationException e) {
            var list = Json.createArrayBuilder();
            e.getConstraintViolations().forEach(v -> list.add(v.getMessage()));
            return Response.status(Response.Status.BAD_REQUEST)
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(Json.createObjectBuilder()
                            .add("error", "invalid request")
                            .add("violations", list)
                            .build())
                    .build();
        }
    }

    /** JAX-RS's own answers (404, 405, 415, ...) keep their status, with a JSON body. */
    @Provider
    public static class Web implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException e) {
            Response r = e.getResponse();
            if (r.hasEntity()) {
                return r;
            }
            return error(r.getStatus(), r.getStatusInfo().getReasonPhrase());
        }
    }

    /** Anything else is our failure: 500 with a reference, the details in the log only. */
    @Provider
    public static class Unexpected implements ExceptionMapper<Exception> {
        @Override
        public Response toResponse(Exception e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
                if (cause instanceof IllegalArgumentException iae) {
                    return error(Response.Status.BAD_REQUEST, iae.getMessage());
                }
            }
            String ref = UUID.randomUUID().toString().substring(0, 8);
            LOG.log(Level.SEVERE, "request failed, ref " + ref, e);
            return error(Response.Status.INTERNAL_SERVER_ERROR, "internal error, ref " + ref);
        }
    }
}
