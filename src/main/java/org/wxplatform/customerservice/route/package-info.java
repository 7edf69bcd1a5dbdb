/**
 * The customer-service plug-ins of the message router: the keyword auto-reply as a text responder, the
 * welcome message for new subscribers, and the miss hint.
 *
 * <p>Must not live here: any logic of its own. Each plug-in is one call into
 * {@link org.wxplatform.customerservice.AutoReplyService}, which owns the data and the caches.
 */
package org.wxplatform.customerservice.route;
