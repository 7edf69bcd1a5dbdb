package org.wxplatform.message.route;

import java.util.Optional;
import org.wxplatform.message.xml.InboundMessage;
import org.wxplatform.message.xml.Reply;

/**
 * Handles clicks on custom-menu buttons ({@code CLICK} events) whose EventKey it claims. Modules plug
 * in by implementing this as a CDI bean; the router picks the handler whose {@link #handles} is true
 * (a key claimed by two handlers is a configuration error reported at start-up).
 */
public interface ClickHandler {

    boolean handles(String eventKey);

    Optional<Reply> onClick(String appid, InboundMessage.Click click);
}
