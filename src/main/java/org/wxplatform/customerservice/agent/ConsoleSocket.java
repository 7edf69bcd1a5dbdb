package org.wxplatform.customerservice.agent;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import org.wxplatform.platform.web.PublicAddress;

/**
 * {@code /console/live}: the WebSocket of an agent's page. The handshake is a request to {@code /console/*}
 * and so passes the console's sign-in (AGENT, ADMIN, SUPER_ADMIN); a handshake that a browser makes from
 * a page of another origin is refused. The socket only rings: it
 * carries {@link ConsoleLive} events, and the page reads what changed over the REST API.
 */
@ServerEndpoint(value = "/console/live", configurator = ConsoleSocket.SameSite.class)
public class ConsoleSocket {

    @OnOpen
    public void open(Session session) throws IOException {
        if (session.getUserPrincipal() == null) {
            session.close(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "sign in first"));
            return;
        }
        session.setMaxIdleTimeout(0);
        live().register(session);
        session.getAsyncRemote().sendText("{\"type\":\"hello\",\"session\":0}");
    }

    /** The page's keep-alive ("ping"): answered, so proxies keep the connection open. */
    @OnMessage
    public void message(String text, Session session) {
        if ("ping".equals(text)) {
            // asynchronously, as the rings are sent: never two blocking writers on one socket
            session.getAsyncRemote().sendText("{\"type\":\"pong\",\"session\":0}");
        }
    }

    @OnClose
    public void close(Session session) {
        live().unregister(session);
    }

    @OnError
    public void error(Session session, Throwable t) {
        live().unregister(session);
    }

    private static ConsoleLive live() {
        return CDI.current().select(ConsoleLive.class).get();
    }

    /**
     * Refuses a handshake from a page of another origin than the product's ({@code WXP_PUBLIC_BASE_URL},
     * {@code WXP_ADMIN_ORIGINS}): the session cookie would ride along. A program sends no Origin.
     */
    public static class SameSite extends ServerEndpointConfig.Configurator {
        @Override
        public boolean checkOrigin(String origin) {
            return origin == null || !PublicAddress.crossSite(null, origin);
        }
    }
}
