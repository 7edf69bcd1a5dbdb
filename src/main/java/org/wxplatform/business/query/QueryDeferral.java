package org.wxplatform.business.query;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.wxplatform.message.async.AsyncReplies;
import org.wxplatform.message.xml.InboundMessage;
import org.wxplatform.message.xml.Reply;

/**
 * Hands a query that the carrier did not answer within the inline budget to the async reply path: the
 * callback gets {@code ack} now, {@link QuerySlowHandler} pushes the answer later as a customer-service
 * message.
 */
@ApplicationScoped
public class QueryDeferral {

    @Inject
    AsyncReplies async;

    public Reply defer(String appid, InboundMessage message, String phone, QueryKind kind, String ack) {
        return async.defer(appid, message, QuerySlowHandler.KIND, QuerySlowHandler.payload(phone, kind), ack);
    }
}
