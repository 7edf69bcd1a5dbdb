/**
 * Web authorization and subscriber pages (SPEC §9): OAuth2, shared sessions, the JS-SDK signature,
 * mobile-first H5 pages.
 *
 * <p>Must not live here: business rules (pages call the {@code business}, {@code activity} and
 * {@code redpacket} services), admin functions.
 */
package org.wxplatform.h5;
