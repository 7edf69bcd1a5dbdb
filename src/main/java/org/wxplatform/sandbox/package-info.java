/**
 * The sandbox (SPEC §11): WeChat server and carrier SOAP simulators and the phone page. Off unless
 * {@code WXP_SANDBOX} is true (then 404).
 *
 * <p>It must not import anything of the product: it talks to it only over HTTP and SOAP, exactly as
 * WeChat and the carrier would ({@code ArchitectureTest} checks this).
 */
package org.wxplatform.sandbox;
