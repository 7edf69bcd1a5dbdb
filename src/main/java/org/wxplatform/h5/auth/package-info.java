/**
 * Web authorization (SPEC §9.1): a subscriber's openid for an H5 page from WeChat's OAuth2 code, kept in
 * the HTTP session so the exchange is not repeated, with the session's CSRF token for the page's writes.
 *
 * <p>Must not live here: the pages themselves, business rules.
 */
package org.wxplatform.h5.auth;
