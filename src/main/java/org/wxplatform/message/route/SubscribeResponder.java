package org.wxplatform.message.route;

import java.util.Optional;
import org.wxplatform.message.xml.InboundMessage;
import org.wxplatform.message.xml.Reply;

/**
 * The welcome message for a new subscriber (a {@code subscribe} event, with {@code qrscene_} when the
 * user came through a parametric QR code: {@link InboundMessage.Subscribe#sceneId()}). At most one
 * implementation; without one the router answers {@code success}.
 */
public interface SubscribeResponder {

    Optional<Reply> welcome(String appid, InboundMessage.Subscribe subscribe);
}
