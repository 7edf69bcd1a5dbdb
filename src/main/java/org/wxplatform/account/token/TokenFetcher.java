package org.wxplatform.account.token;

/** Asks WeChat for a new credential of one account; the only place a fetch happens. */
@FunctionalInterface
public interface TokenFetcher {

    Issued fetch(String appid) throws Exception;
}
