/**
 * Configurable activities (SPEC §5.1): one page framework, operator-set content and time window,
 * preview, entry URL, JS-SDK sharing.
 *
 * <p>Must not live here: money or traffic movements (those are in {@code redpacket}, its one write
 * path), admin HTTP resources (in {@code admin}).
 */
package org.wxplatform.activity;
