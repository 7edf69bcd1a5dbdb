package org.wxplatform.account.wechat;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import org.wxplatform.account.AccountService;
import org.wxplatform.account.domain.OfficialAccount;
import org.wxplatform.account.token.RedisTokenStore;
import org.wxplatform.account.token.TokenCentral;
import org.wxplatform.platform.alert.Alerts;
import org.wxplatform.platform.config.Settings;
import redis.clients.jedis.JedisPool;

/**
 * The node's central control of access_tokens and jsapi_tickets (one {@link TokenCentral} each, on the
 * node's Redis pool) and the AppSecrets they are fetched with. A fetch count at or above {@code
 * WXP_TOKEN_DAILY_ALERT} (1800; WeChat allows 2,000 a day) raises the alert {@code token-fetch-limit}
 * once an hour per account and kind.
 */
@ApplicationScoped
public class AccountTokens implements SecretSource {

    @Inject
    JedisPool pool;

    @Inject
    AccountService accounts;

    @Inject
    Alerts alerts;

    private WeChatHttp http;
    private TokenCentral accessTokens;
    private TokenCentral jsapiTickets;

    @PostConstruct
    void init() {
        http = WeChatHttp.fromSettings();
        TokenCentral.Options defaults = TokenCentral.Options.defaults();
        TokenCentral.Options options = new TokenCentral.Options(
                defaults.lockMillis(),
                defaults.waitMillis(),
                defaults.pollMillis(),
                defaults.confirmAttempts(),
                Settings.getInt("WXP_TOKEN_DAILY_ALERT", 1800),
                defaults.zone());
        RedisTokenStore store = new RedisTokenStore(pool);
        WeChatFetchers fetchers = new WeChatFetchers(http, this, FetchBudget.fromSettings(pool));
        TokenCentral.DailyLimitAlarm alarm = (kind, appid, count) -> alerts.raise(
                "token-fetch-limit",
                appid + "/" + kind,
                count + " " + kind + " fetches today (WeChat allows 2000 a day)",
                3600);
        accessTokens =
                new TokenCentral("access_token", store, fetchers.accessToken(), Clock.systemUTC(), alarm, options);
        jsapiTickets = new TokenCentral(
                "jsapi_ticket", store, fetchers.jsapiTicket(accessTokens), Clock.systemUTC(), alarm, options);
    }

    public TokenCentral accessTokens() {
        return accessTokens;
    }

    public TokenCentral jsapiTickets() {
        return jsapiTickets;
    }

    public WeChatHttp http() {
        return http;
    }

    @Override
    public String secret(String appid) throws WeChatApiException {
        return accounts.find(appid)
                .map(OfficialAccount::getSecret)
                .orElseThrow(() -> new WeChatApiException(
                        WeChatFetchers.TOKEN_PATH, 40013, "no official account " + appid + " in this platform"));
    }
}
