package org.wxplatform.message;

import org.wxplatform.message.xml.InboundMessage;

/**
 * Fired (synchronously) once per callback that passed verification, inside the exactly-once section:
 * observers such as the user log see each message exactly once, whatever WeChat's retries.
 *
 * @param repeated true when the repeated-request screen stopped it (SPEC §1.8)
 */
public record InboundReceived(String appid, InboundMessage message, boolean repeated) {}
