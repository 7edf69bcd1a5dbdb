package org.wxplatform.activity;

/** A prize as the operator types it: name, stock and chance of a draw in basis points. */
public record PrizeDraft(String name, int stock, int chanceBp) {}
