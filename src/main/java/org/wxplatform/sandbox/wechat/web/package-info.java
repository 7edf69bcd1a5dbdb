/**
 * The sandbox WeChat's web face inside the WAR: the registry of accounts as WeChat's console holds them
 * ({@code /sandbox/wechat/accounts}), kept in Redis under {@code wxp:sandbox:*}.
 *
 * <p>It may use Jakarta APIs and the Redis client, but never the product's code or the product's Redis
 * keys: WeChat and the product keep separate copies of an account's settings, as they do in reality.
 */
package org.wxplatform.sandbox.wechat.web;
