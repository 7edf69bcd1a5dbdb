package org.wxplatform.message.route;

import org.wxplatform.message.xml.InboundMessage;

/**
 * A Redis key that a module reads for nearly every callback of a subscriber (the state of a conversation
 * with them: a chat with the agents, a binding dialogue), read in the callback's one gate call (the
 * replay check, the claim and the repeat screen) instead of a round trip of its own (SPEC §1.6-1.9).
 * The key and the meaning of its value stay the module's own; the message module only carries the read
 * and hands the value back through {@link Prefetched} to the code that asks for it during that delivery.
 */
public interface Prefetch {

    /** The key this module will read while handling {@code message}, or null when it needs none. */
    String key(String appid, InboundMessage message);
}
