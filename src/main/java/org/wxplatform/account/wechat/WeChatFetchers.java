package org.wxplatform.account.wechat;

import jakarta.json.JsonObject;
import java.util.Map;
import org.wxplatform.account.token.Issued;
import org.wxplatform.account.token.TokenFetcher;
import org.wxplatform.account.token.TokenSource;

/** The two fetches the central control makes: access_token and jsapi_ticket. */
public final class WeChatFetchers {

    static final String TOKEN_PATH = "/cgi-bin/token";
    static final String TICKET_PATH = "/cgi-bin/ticket/getticket";

    private final WeChatHttp http;
    private final SecretSource secrets;
    private final FetchBudget budget;

    public WeChatFetchers(WeChatHttp http, SecretSource secrets) {
        this(http, secrets, null);
    }

    /** With a budget, every fetch takes from it first (null: no budget). */
    public WeChatFetchers(WeChatHttp http, SecretSource secrets, FetchBudget budget) {
        this.http = http;
        this.secrets = secrets;
        this.budget = budget;
    }

    /**
     * {@code GET /cgi-bin/token?grant_type=client_credential}. A rejected AppID or AppSecret (40013,
     * 40125, and the 40001 WeChat also answers for a wrong secret) is permanent here, not a token error.
     */
    public TokenFetcher accessToken() {
        return appid -> {
            if (budget != null) {
                budget.take(appid, "access_token", TOKEN_PATH);
            }
            JsonObject o;
            try {
                o = http.get(
                        appid,
                        TOKEN_PATH,
                        Map.of("grant_type", "client_credential", "appid", appid, "secret", secrets.secret(appid)));
            } catch (TokenInvalidException e) {
                throw new WeChatApiException(TOKEN_PATH, e.errcode(), "AppSecret rejected: " + e.errmsg());
            }
            return new Issued(Fields.required(o, "access_token", TOKEN_PATH), Fields.number(o, "expires_in", 0));
        };
    }

    /** {@code GET /cgi-bin/ticket/getticket?type=jsapi}, with the account's access_token. */
    public TokenFetcher jsapiTicket(TokenSource accessTokens) {
        return appid -> {
            if (budget != null) {
                budget.take(appid, "jsapi_ticket", TICKET_PATH);
            }
            return fetchTicket(accessTokens, appid);
        };
    }

    private Issued fetchTicket(TokenSource accessTokens, String appid) throws Exception {
        return TokenCalls.withToken(accessTokens, appid, TICKET_PATH, token -> {
            JsonObject o = http.get(appid, TICKET_PATH, Map.of("access_token", token, "type", "jsapi"));
            return new Issued(Fields.required(o, "ticket", TICKET_PATH), Fields.number(o, "expires_in", 0));
        });
    }
}
