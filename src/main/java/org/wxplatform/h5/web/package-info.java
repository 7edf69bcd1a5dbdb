/**
 * What every subscriber page shares: the authorization step of a page request (serve, or send to
 * WeChat, or finish WeChat's return), JSON answers, bodies and headers.
 *
 * <p>Must not live here: any page's own calls (each page has its servlet beside its package).
 */
package org.wxplatform.h5.web;
