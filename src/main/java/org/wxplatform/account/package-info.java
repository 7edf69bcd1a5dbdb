/**
 * Official accounts ("area", SPEC §2): their settings, access_token and jsapi_ticket central control,
 * and the WeChat API client. {@link org.wxplatform.account.AccountService} is the one write path for
 * accounts.
 *
 * <p>Must not live here: HTTP resources for operators (those are in {@code admin}), message parsing
 * (in {@code message}). Secrets never leave this module unmasked except to sign and call WeChat.
 */
package org.wxplatform.account;
