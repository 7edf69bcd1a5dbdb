/**
 * The query and package-order pages (SPEC §3, §9.3) for bound subscribers: they call the business
 * module's query service and transaction intake, the same ones the chat commands use.
 */
package org.wxplatform.h5.business;
