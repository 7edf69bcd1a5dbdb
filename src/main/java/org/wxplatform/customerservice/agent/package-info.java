/**
 * Human customer service (SPEC §4.2): chat sessions between subscribers and agents, the shared waiting
 * queue, the agents' live console and the kf message budget WeChat allows.
 *
 * <p>Must not live here: message parsing (it gets routed messages from {@code message}), the kf API
 * calls themselves (they go through the async push path of {@code message.async}).
 */
package org.wxplatform.customerservice.agent;
