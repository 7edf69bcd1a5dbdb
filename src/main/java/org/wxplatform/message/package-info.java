/**
 * Message handling (SPEC §1): the callback endpoint {@code /wx/callback/{appid}}, signatures and AES
 * crypto, the XML codec with its sealed inbound and reply types, the exactly-once state machine, the
 * router that other modules plug into, and the async-reply path.
 *
 * <p>Lives here: protocol code and the routing contract. Must not live here: business rules of other
 * modules (they register handlers), WeChat API calls (the {@code account} module's client), SQL of
 * other modules' tables.
 */
package org.wxplatform.message;
