/**
 * Customer service (SPEC §4): keyword auto-reply, agent chat sessions, the agent console's services,
 * agent records and question-frequency statistics.
 *
 * <p>Must not live here: message parsing or crypto (it receives routed messages from {@code message}),
 * regexes built from operator input (keywords are matched literally).
 */
package org.wxplatform.customerservice;
