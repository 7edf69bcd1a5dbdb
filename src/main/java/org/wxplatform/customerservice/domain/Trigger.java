package org.wxplatform.customerservice.domain;

import org.wxplatform.customerservice.MatchType;

/**
 * What makes a stored keyword row answer ({@code cs_keyword.match_type}): a text containing or equal to
 * its keyword, or the {@code subscribe} event (the account's welcome message, whose keyword is empty).
 */
public enum Trigger {
    CONTAINS,
    EQUALS,
    SUBSCRIBE;

    public static Trigger of(MatchType match) {
        return switch (match) {
            case CONTAINS -> CONTAINS;
            case EQUALS -> EQUALS;
        };
    }

    /** The match type of a keyword trigger. */
    public MatchType match() {
        return switch (this) {
            case CONTAINS -> MatchType.CONTAINS;
            case EQUALS -> MatchType.EQUALS;
            case SUBSCRIBE -> throw new IllegalStateException("the welcome message has no match type");
        };
    }
}
