package org.wxplatform.message.route;

import org.wxplatform.message.xml.InboundMessage;
import org.wxplatform.message.xml.Reply;

/**
 * What a text gets when no {@link TextResponder} answered (SPEC §4.2: a hint about human service). At
 * most one implementation; without one the router uses {@code WXP_MISS_HINT}.
 */
public interface MissResponder {

    Reply miss(String appid, InboundMessage.Text text);
}
