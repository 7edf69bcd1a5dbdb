/**
 * Binding (SPEC §3.1, thesis table BIND): a subscriber proves with the carrier's SMS code that a phone
 * number is theirs, and the product links the account's openid to it; unbinding ends the link and keeps
 * its history. {@link org.wxplatform.business.binding.BindingService} is the module's one write path and
 * the read every business function asks first ("only bound users"); bindings are read through a Redis
 * cache. {@link org.wxplatform.business.binding.BindConversation} is the chat dialogue ("绑定" → number →
 * code), the H5 page uses the same service.
 *
 * <p>Must not live here: HTTP or WeChat protocol code beyond the router plug-in, carrier SOAP types.
 */
package org.wxplatform.business.binding;
