package org.wxplatform.customerservice.records;

/**
 * One agent's figures over a range of days: the sessions they served (taken, counted for the agent who
 * had the session last), the mean wait of those sessions (entered → taken) and the mean handling time of
 * the closed ones (taken → closed) in seconds (null without any), and the messages in and out.
 */
public record AgentFigures(
        String agent,
        long sessions,
        long closed,
        Double meanWaitSeconds,
        Double meanHandlingSeconds,
        long messagesIn,
        long messagesOut) {}
