package org.wxplatform.business.carrier;

/** An allowance: how much the plan and packages give this month, how much is used, what is left. */
public record Remaining(long total, long used, long remaining) {}
