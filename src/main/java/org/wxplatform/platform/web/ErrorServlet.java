package org.wxplatform.platform.web;

import jakarta.json.Json;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The container's error pages (401, 403, 404, 405, 413, 500 ...) as a one-line JSON body: no HTML, no
 * stack trace, nothing about the server.
 */
@WebServlet("/error")
public class ErrorServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : response.getStatus();
        String message =
                switch (status) {
                    case 400 -> "bad request";
                    case 401 -> "authentication required";
                    case 403 -> "forbidden";
                    case 404 -> "not found";
                    case 405 -> "method not allowed";
                    case 413 -> "request body too large";
                    case 415 -> "unsupported media type";
                    default -> status >= 500 ? "internal error" : "request failed";
                };
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter()
                .write(Json.createObjectBuilder().add("error", message).build().toString());
    }
}
