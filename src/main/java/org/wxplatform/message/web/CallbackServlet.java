package org.wxplatform.message.web;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.wxplatform.message.CallbackService;
import org.wxplatform.message.CallbackService.Refused;

/**
 * {@code /wx/callback/{appid}}: WeChat's callback URL for one account. Thin: it reads the request,
 * hands it to {@link CallbackService} and writes the answer; refusals get their status and a one-line
 * reason, never a stack trace.
 */
@WebServlet(urlPatterns = "/wx/callback/*", loadOnStartup = 1)
public class CallbackServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(CallbackServlet.class.getName());

    @Inject
    transient CallbackService callbacks;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
            String echo = callbacks.handshake(
                    appid(req),
                    req.getParameter("signature"),
                    req.getParameter("timestamp"),
                    req.getParameter("nonce"),
                    req.getParameter("echostr"));
            write(resp, 200, "text/plain", echo);
        } catch (Refused r) {
            write(resp, r.status(), "text/plain", r.getMessage());
        }
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        long started = System.nanoTime();
        String appid = appid(req);
        try {
            byte[] body = callbacks.readBody(req.getInputStream());
            CallbackService.Answer answer = callbacks.handle(
                    appid,
                    new CallbackService.Query(
                            req.getParameter("signature"),
                            req.getParameter("timestamp"),
                            req.getParameter("nonce"),
                            req.getParameter("encrypt_type"),
                            req.getParameter("msg_signature")),
                    body,
                    started);
            write(resp, 200, answer.contentType(), answer.body());
        } catch (Refused r) {
            LOG.fine(() -> "callback refused for " + appid + ": " + r.status() + " " + r.getMessage());
            write(resp, r.status(), "text/plain", r.getMessage());
        } catch (RuntimeException e) {
            // WeChat retries on a non-answer: say nothing about the failure, keep it in the log
            LOG.log(Level.SEVERE, "callback failed for " + appid, e);
            write(resp, 500, "text/plain", "internal error");
        }
    }

    private static String appid(HttpServletRequest req) {
        String path = req.getPathInfo();
        if (path == null || path.length() < 2 || path.indexOf('/', 1) >= 0) {
            return "";
        }
        return path.substring(1);
    }

    private static void write(HttpServletResponse resp, int status, String type, String body) throws IOException {
        resp.setStatus(status);
        resp.setContentType(type);
        resp.setCharacterEncoding("UTF-8");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }
}
