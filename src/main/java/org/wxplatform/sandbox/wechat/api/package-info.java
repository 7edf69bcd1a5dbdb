/**
 * The sandbox WeChat API server (SPEC §11): WeChat's own paths under {@code /sandbox/wechat/api} (token,
 * jsapi ticket, customer-service and template messages, user info, menu, media, QR codes, OAuth2) with
 * WeChat's JSON and errcodes, the control endpoints that inject latency, 5xx answers and errcodes, and the
 * simulated users' inboxes. All state lives in Redis under {@code wxp:sandbox:*}, so every node serves the
 * same sandbox.
 *
 * <p>It must never use the product's code or the product's Redis keys: the product reaches it only through
 * {@code WXP_WECHAT_API_BASE}, exactly as it reaches {@code api.weixin.qq.com}.
 */
package org.wxplatform.sandbox.wechat.api;
