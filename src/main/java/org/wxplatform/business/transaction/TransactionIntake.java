package org.wxplatform.business.transaction;

/**
 * Where transactions enter (SPEC §3.5): the request is stored and queued at once, never executed in the
 * caller's thread; the answer is the text to show the subscriber now ("in progress ..."), the outcome
 * follows as a template message.
 */
public interface TransactionIntake {

    /** Stores and queues {@code request} once per request key; answers the text for the subscriber. */
    String submit(TransactionRequest request);
}
