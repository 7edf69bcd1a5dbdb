/**
 * The binding page (SPEC §9.3, §3.1): {@code /h5/bind?appid=} opens after web authorization and binds the
 * subscriber's number with the carrier's SMS code through JSON calls under {@code /h5/bind/api/}.
 *
 * <p>Must not live here: binding rules (they are {@code business.binding}'s), the authorization itself.
 */
package org.wxplatform.h5.bind;
