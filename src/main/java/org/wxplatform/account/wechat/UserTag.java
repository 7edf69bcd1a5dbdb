package org.wxplatform.account.wechat;

/**
 * A user tag of the account as {@code /cgi-bin/tags/get} lists it: WeChat's id (0, 1 and 2 are WeChat's
 * own, an account's tags start at 100), its name (at most 30 UTF-8 bytes) and how many followers carry it.
 */
public record UserTag(long id, String name, long count) {}
