/**
 * Logs (SPEC §7): user logs per year, interface and access logs in monthly files, the daily mail,
 * monitoring samples.
 *
 * <p>Must not live here: decisions about messages or business (it only records what others report
 * through its services and CDI events).
 */
package org.wxplatform.log;
