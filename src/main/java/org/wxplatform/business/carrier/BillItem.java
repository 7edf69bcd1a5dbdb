package org.wxplatform.business.carrier;

/** One line of a bill: what was charged and how much, in fen (0.01 yuan). */
public record BillItem(String name, long amountFen) {}
