package org.wxplatform.business.catalog;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.logging.Logger;
import org.wxplatform.message.route.ClickHandler;
import org.wxplatform.message.route.TextResponder;
import org.wxplatform.message.xml.InboundMessage;
import org.wxplatform.message.xml.Reply;

/**
 * Plugs the catalog into the router: texts that are a catalog code or keyword (priority {@value #PRIORITY},
 * after the binding dialogue and before the keyword auto-reply, which still answers every other text), and
 * clicks on the catalog's menu keys.
 */
@ApplicationScoped
public class CatalogResponder implements TextResponder, ClickHandler {

    public static final int PRIORITY = 120;

    private static final Logger LOG = Logger.getLogger(CatalogResponder.class.getName());

    @Inject
    CatalogService catalog;

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public Optional<Reply> reply(String appid, InboundMessage.Text text) {
        return catalog.match(text.content()).map(node -> catalog.act(appid, text, node));
    }

    @Override
    public boolean handles(String eventKey) {
        try {
            return catalog.byMenuKey(eventKey).isPresent();
        } catch (RuntimeException e) {
            LOG.warning("catalog unavailable for menu key " + eventKey + ": " + e.getMessage());
            return false;
        }
    }

    @Override
    public Optional<Reply> onClick(String appid, InboundMessage.Click click) {
        return catalog.byMenuKey(click.eventKey()).map(node -> catalog.act(appid, click, node));
    }
}
