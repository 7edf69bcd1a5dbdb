package org.wxplatform.account.wechat;

/** WeChat's daily quota of one API ({@code cgiPath}): the limit, what was used today and what remains. */
public record ApiQuota(String cgiPath, long dailyLimit, long used, long remain) {}
