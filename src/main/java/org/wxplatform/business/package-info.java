/**
 * Carrier business (SPEC §3): binding of openid to phone number, the hierarchical business catalog,
 * the carrier SOAP adapter and the RabbitMQ transaction queue.
 *
 * <p>The JAX-WS types generated from the carrier WSDL never leave this module: the adapter translates
 * them into the module's own records. Must not live here: WeChat protocol code, admin HTTP resources.
 */
package org.wxplatform.business;
