package org.wxplatform.admin.web;

import jakarta.json.Json;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.wxplatform.business.push.Pushes;
import org.wxplatform.platform.config.Settings;

/**
 * The request-body limit of every request but two: {@code WXP_API_MAX_BODY_BYTES} (11 MB: a 10 MB picture
 * for WeChat with its multipart framing). The server's own limit (Undertow's {@code max-post-size}) is far
 * higher, only a backstop, because Undertow refuses what is over it with an empty 400 and no reason. The two:
 * the upload of a push's phone file ({@code POST /api/admin/pushes}: a declared length over the push's own
 * limit is refused here with the push's reason, a chunked file by the push's reader at the limit), and
 * WeChat's callbacks
 * ({@code /wx/}, whose reader has its own, much smaller limit). Every other request over this limit is
 * refused with 413 and its reason before it is read (a declared length) or as soon as its body passes the
 * limit (a chunked one).
 */
@WebFilter(urlPatterns = "/*")
public class BodyLimit extends HttpFilter {

    private static final long serialVersionUID = 1L;

    static final long LIMIT = Settings.getInt("WXP_API_MAX_BODY_BYTES", 11 * 1024 * 1024);

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.startsWith("/wx/")) {
            chain.doFilter(request, response); // its own limit, checked while it reads
            return;
        }
        long declared = request.getContentLengthLong();
        if ("POST".equals(request.getMethod()) && "/api/admin/pushes".equals(path)) {
            // refused here when declared too long: JAX-RS cannot even read a length past 2^31 - 1
            if (declared > Pushes.maxFileBytes()) {
                refuse(response, Pushes.tooLarge(declared));
            } else {
                chain.doFilter(request, response); // a chunked file: the push's reader stops at its limit
            }
            return;
        }
        if (declared > LIMIT) {
            refuse(response, "request body over " + LIMIT + " bytes");
            return;
        }
        String method = request.getMethod();
        boolean mayHaveBody = "POST".equals(method) || "PUT".equals(method) || "PATCH".equals(method);
        // a body without a declared length is counted as it is read; a GET (a page, a WebSocket's
        // upgrade) goes on as it came
        chain.doFilter(declared < 0 && mayHaveBody ? new Limited(request) : request, response);
    }

    private static void refuse(HttpServletResponse response, String reason) throws IOException {
        response.setStatus(413);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter()
                .write(Json.createObjectBuilder().add("error", reason).build().toString());
    }

    /** A body without a declared length, cut off once it passes the limit. */
    private static final class Limited extends HttpServletRequestWrapper {
        private ServletInputStream limited;

        Limited(HttpServletRequest request) {
            super(request);
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (limited == null) {
                ServletInputStream in = super.getInputStream();
                limited = new ServletInputStream() {
                    private long read;

                    @Override
                    public int read() throws IOException {
                        int b = in.read();
                        if (b >= 0) {
                            count(1);
                        }
                        return b;
                    }

                    @Override
                    public int read(byte[] buffer, int off, int len) throws IOException {
                        int n = in.read(buffer, off, len);
                        if (n > 0) {
                            count(n);
                        }
                        return n;
                    }

                    private void count(int n) throws IOException {
                        read += n;
                        if (read > LIMIT) {
                            throw new IOException("request body over " + LIMIT + " bytes");
                        }
                    }

                    @Override
                    public boolean isFinished() {
                        return in.isFinished();
                    }

                    @Override
                    public boolean isReady() {
                        return in.isReady();
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        in.setReadListener(listener);
                    }
                };
            }
            return limited;
        }
    }
}
