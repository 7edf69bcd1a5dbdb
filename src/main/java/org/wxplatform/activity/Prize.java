package org.wxplatform.activity;

/**
 * A prize of a drawing activity: {@code chanceBp} is the chance of one draw landing on it, in basis
 * points (1/10,000); {@code remaining} is its stock still to give.
 */
public record Prize(long id, int position, String name, int stock, int remaining, int chanceBp) {}
