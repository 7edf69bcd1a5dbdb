/**
 * The cryptography of the WeChat callback protocol (the algorithm of the official {@code WXBizMsgCrypt}
 * samples): SHA-1 signatures over sorted parameters, the EncodingAESKey, and AES-256-CBC message
 * encryption for safe and compatible mode.
 *
 * <p>Plain Java (JDK only), no container: usable from the callback endpoint, from tests and from tools.
 * Nothing here logs, stores or echoes a token or a key; exceptions carry short, client-safe reasons.
 * XML parsing is not done here (see {@code org.wxplatform.message.xml}); this package only builds the
 * fixed reply envelope.
 */
package org.wxplatform.message.crypto;
