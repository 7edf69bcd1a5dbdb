/**
 * Customer service (SPEC §4): keyword auto-reply, agent chat sessions, the agent console's services,
 * agent records and question-frequency statistics.
 *
 * <p>The public face is {@link org.wxplatform.customerservice.AutoReplyService} with the records it takes
 * and gives ({@code AutoReplyDraft}, {@code AutoReplyEntry}, {@code ReplyContent}, {@code MatchType}).
 * Inside: {@code domain} (entities of the {@code cs_} tables, the matcher), {@code infra} (the per-node
 * cache and its Redis version stamps), {@code route} (the router plug-ins: text responder, welcome
 * message, miss hint), {@code records} (the sessions' records and per-agent figures, read only),
 * {@code stats} (question-frequency statistics over misses and session texts).
 *
 * <p>Must not live here: message parsing or crypto (it receives routed messages from {@code message}),
 * regexes built from operator input (keywords are matched literally).
 */
package org.wxplatform.customerservice;
