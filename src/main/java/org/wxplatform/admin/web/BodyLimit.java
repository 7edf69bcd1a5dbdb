package org.wxplatform.admin.web;

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
import org.wxplatform.platform.config.Settings;

/**
 * The request-body limit of the REST API: {@code WXP_API_MAX_BODY_BYTES} (11 MB: a 10 MB picture for
 * WeChat with its multipart framing). The server's own limit (Undertow's {@code max-post-size}) is higher
 * for one request only, the upload of a push's phone file ({@code POST /api/admin/pushes}, which refuses
 * what is over its own limit while it streams); every other API request over this limit is refused with
 * 413 before it is read (a declared length) or as soon as its body passes the limit (a chunked one).
 */
@WebFilter(urlPatterns = "/api/*")
public class BodyLimit extends HttpFilter {

    private static final long serialVersionUID = 1L;

    static final long LIMIT = Settings.getInt("WXP_API_MAX_BODY_BYTES", 11 * 1024 * 1024);

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if ("POST".equals(request.getMethod()) && "/api/admin/pushes".equals(path)) {
            chain.doFilter(request, response); // the phone file: its own limit, checked while streaming
            return;
        }
        long declared = request.getContentLengthLong();
        if (declared > LIMIT) {
            response.setStatus(413);
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            response.getWriter().write("{\"error\":\"request body over " + LIMIT + " bytes\"}");
            return;
        }
        chain.doFilter(declared >= 0 ? request : new Limited(request), response);
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
