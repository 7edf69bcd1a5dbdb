/**
 * The XML side of the WeChat callback protocol: safe parsing of callback bodies, the closed set of inbound
 * messages and events ({@link org.wxplatform.message.xml.InboundMessage}), the closed set of passive replies
 * ({@link org.wxplatform.message.xml.Reply}), and their renderers and parsers.
 *
 * <p>Plain Java (JDK only), no container. Every parse goes through
 * {@link org.wxplatform.message.xml.SafeXml}: no DOCTYPE, no entities beyond XML's five, no XInclude, a
 * byte limit; failures are a {@link org.wxplatform.message.xml.MalformedMessageException} whose message is
 * safe to show to the client. Replies are rendered from one fixed template per reply type, filled with
 * escaped data; nothing else in the product builds WeChat XML by concatenation.
 */
package org.wxplatform.message.xml;
