/**
 * The JS-SDK configuration of subscriber pages (SPEC §9.2): the signature over the jsapi_ticket and a
 * page address the server builds itself, served to the pages' {@code share.js}.
 *
 * <p>Must not live here: the ticket's fetching and caching (central control in {@code account}).
 */
package org.wxplatform.h5.jssdk;
