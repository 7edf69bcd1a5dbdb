/**
 * The subscribers' red-packet page (SPEC §5.2, §9.3) and its JSON calls: a thin entry point over the
 * {@code redpacket} module's service, behind web authorization and the shared H5 session. A snapshot-page
 * visitor is shown the page and never grabs, sends, pays or exchanges.
 */
package org.wxplatform.h5.redpacket;
