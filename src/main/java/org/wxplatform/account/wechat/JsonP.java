package org.wxplatform.account.wechat;

import jakarta.json.spi.JsonProvider;

/**
 * The JSON-P provider, looked up once: {@code Json.createObjectBuilder()} and friends look the provider
 * up again on every call (a service-loader scan), which costs milliseconds on a hot path.
 */
final class JsonP {

    static final JsonProvider JSON = JsonProvider.provider();

    private JsonP() {}
}
