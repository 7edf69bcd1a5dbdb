/**
 * The simulated carrier business system (SPEC §11): the carrier WSDL served over real SOAP at {@code
 * /sandbox/carrier/soap} by the JAX-WS RI inside the WAR, with per-number data derived from the number and
 * changed by the orders it executes, verification codes, idempotent orders by serial, latency, failure
 * and "down" injection, and a JSON control endpoint at {@code /sandbox/carrier/control}. All state is in
 * Redis ({@code wxp:sandbox:carrier:*}) so every node serves one consistent carrier.
 *
 * <p>Its SOAP types are its own ({@code sandbox.carrier.gen}, generated from the same WSDL): it must not
 * import anything of the product, which reaches it only through {@code WXP_CARRIER_WSDL_URL}.
 */
package org.wxplatform.sandbox.carrier;
