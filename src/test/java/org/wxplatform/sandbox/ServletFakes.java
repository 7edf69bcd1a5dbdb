package org.wxplatform.sandbox;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Just enough of a servlet request and response to drive the sandbox's servlets and filter without a
 * container: the request answers method, path info and body; the response records what is set on it.
 * Any other call fails loudly, so a servlet that starts relying on more shows up here.
 */
public final class ServletFakes {

    private ServletFakes() {}

    public static HttpServletRequest request(String method, String pathInfo, String body) {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        ServletInputStream stream = new ServletInputStream() {
            @Override
            public boolean isFinished() {
                return in.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read() {
                return in.read();
            }
        };
        return (HttpServletRequest) Proxy.newProxyInstance(
                ServletFakes.class.getClassLoader(), new Class<?>[] {HttpServletRequest.class}, (proxy, m, args) -> {
                    switch (m.getName()) {
                        case "getMethod":
                            return method;
                        case "getPathInfo":
                            return pathInfo;
                        case "getInputStream":
                            return stream;
                        case "getContentType":
                            return "application/json";
                        case "toString":
                            return method + " " + pathInfo;
                        default:
                            throw new UnsupportedOperationException("request." + m.getName());
                    }
                });
    }

    /** A response and what was done to it. */
    public static final class Response {
        public int status = 200;
        public Integer sentError;
        public String contentType;
        public final Map<String, String> headers = new LinkedHashMap<>();
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        public final HttpServletResponse proxy;

        public Response() {
            ServletOutputStream stream = new ServletOutputStream() {
                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public void write(int b) {
                    body.write(b);
                }
            };
            proxy = (HttpServletResponse) Proxy.newProxyInstance(
                    ServletFakes.class.getClassLoader(), new Class<?>[] {HttpServletResponse.class}, (p, m, args) -> {
                        switch (m.getName()) {
                            case "setStatus":
                                status = (Integer) args[0];
                                return null;
                            case "getStatus":
                                return status;
                            case "sendError":
                                sentError = (Integer) args[0];
                                status = sentError;
                                return null;
                            case "setContentType":
                                contentType = (String) args[0];
                                return null;
                            case "setCharacterEncoding":
                                return null;
                            case "setHeader":
                                headers.put((String) args[0], (String) args[1]);
                                return null;
                            case "getOutputStream":
                                return stream;
                            case "toString":
                                return "response " + status;
                            default:
                                throw new UnsupportedOperationException("response." + m.getName());
                        }
                    });
        }

        public String body() {
            return body.toString(StandardCharsets.UTF_8);
        }
    }
}
