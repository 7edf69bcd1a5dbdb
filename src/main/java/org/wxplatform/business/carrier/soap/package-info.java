/**
 * The SOAP adapters of the carrier ports: one {@code @ApplicationScoped} bean per family
 * ({@link org.wxplatform.business.carrier.soap.SoapCarrierVerification}, ...Bills, ...Usage, ...Points,
 * ...Orders) over {@link org.wxplatform.business.carrier.soap.CarrierSoapClient}, which owns the service model
 * (from the WSDL bundled in the WAR), the endpoint ({@code WXP_CARRIER_WSDL_URL}), the time limits, the pool
 * of proxies, the fault mapping and the interface log.
 *
 * <p>The generated JAX-WS types ({@code soap.gen}) never leave this package: every answer is translated into
 * the records of {@code business.carrier}. Must not live here: business decisions (what to offer, when to
 * retry) — those belong to the callers of the ports.
 */
package org.wxplatform.business.carrier.soap;
