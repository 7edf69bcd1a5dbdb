package org.wxplatform.message.async;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A deferred piece of work: which handler, for which subscriber of which account, with what input.
 *
 * @param taskId unique per causing message ({@code appid/kind/message key}): retries share it
 * @param payload the handler's own input (often JSON)
 */
public record SlowTask(String taskId, String appid, String openid, String kind, String payload) {

    public SlowTask {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(appid, "appid");
        Objects.requireNonNull(openid, "openid");
        Objects.requireNonNull(kind, "kind");
        payload = payload == null ? "" : payload;
        if (taskId.length() > 190) {
            throw new IllegalArgumentException("taskId longer than 190 characters");
        }
    }

    byte[] toBytes() {
        return Json.createObjectBuilder()
                .add("taskId", taskId)
                .add("appid", appid)
                .add("openid", openid)
                .add("kind", kind)
                .add("payload", payload)
                .build()
                .toString()
                .getBytes(StandardCharsets.UTF_8);
    }

    static SlowTask fromBytes(byte[] body) {
        JsonObject o = Json.createReader(new StringReader(new String(body, StandardCharsets.UTF_8)))
                .readObject();
        return new SlowTask(
                o.getString("taskId"),
                o.getString("appid"),
                o.getString("openid"),
                o.getString("kind"),
                o.getString("payload", ""));
    }
}
