/**
 * The per-node cache of the auto-reply and its invalidation through version stamps in Redis
 * ({@code wxp:cs:autoreply:ver:{appid}}).
 *
 * <p>Must not live here: business rules. Nothing outside the module reads these keys.
 */
package org.wxplatform.customerservice.infra;
