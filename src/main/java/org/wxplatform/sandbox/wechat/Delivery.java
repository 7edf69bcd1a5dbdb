package org.wxplatform.sandbox.wechat;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What happened when WeChat delivered one callback: every HTTP attempt (a first try and up to three
 * retries after 5 s of silence), the final answer, and the reply as the subscriber would see it.
 *
 * <p>Guarantees: {@code attemptLog} has one entry per request made, at least one; {@code replyXml} is the
 * plaintext reply, already signature-checked and decrypted when it came encrypted, or null when there was
 * no reply ({@code success}, an empty body, or no acceptable answer); {@code reply} is never null (empty
 * without a reply); {@code problem} is null exactly when WeChat would have accepted the answer, otherwise
 * it says why not (timeout after every retry, an HTTP error, a bad signature, a wrong AppId, a plaintext
 * reply in safe mode, a reply addressed to someone else, ...).
 *
 * @param attemptLog each request made, in order
 * @param status HTTP status of the final answer, 0 when no attempt got one
 * @param body raw body of the final answer ("" when there was none)
 * @param replyXml the plaintext reply XML, or null
 * @param reply a flat view of the reply: its leaf elements by name ({@code MsgType}, {@code Content},
 *     {@code MediaId}, {@code Title}, {@code KfAccount} ...); for news also {@code Articles} (the number of
 *     items) and {@code Articles.1.Title}, {@code Articles.1.Url} ... (1-based)
 * @param problem why WeChat would refuse the answer, or null
 */
public record Delivery(
        List<Attempt> attemptLog, int status, String body, String replyXml, Map<String, String> reply, String problem) {

    /**
     * One HTTP request.
     *
     * @param latency time until the answer was read, or until giving up
     * @param status the HTTP status, 0 when no answer came (timeout or connection failure)
     * @param failure why no answer came, or null
     */
    public record Attempt(Duration latency, int status, String failure) {
        public Attempt {
            Objects.requireNonNull(latency, "latency");
        }

        public boolean answered() {
            return status != 0;
        }
    }

    public Delivery {
        attemptLog = List.copyOf(attemptLog);
        if (attemptLog.isEmpty()) {
            throw new IllegalArgumentException("a delivery has at least one attempt");
        }
        body = body == null ? "" : body;
        reply = reply == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(reply));
    }

    /** Number of requests made: 1, or up to 4 when WeChat retried. */
    public int attempts() {
        return attemptLog.size();
    }

    /** Latency of each request, in order. */
    public List<Duration> latencies() {
        return attemptLog.stream().map(Attempt::latency).toList();
    }

    /** Latency of the request that was answered (or of the last one). */
    public Duration latency() {
        return attemptLog.get(attemptLog.size() - 1).latency();
    }

    /** WeChat accepted the answer (it may still have been "no reply"). */
    public boolean ok() {
        return problem == null;
    }

    public boolean hasReply() {
        return replyXml != null;
    }

    /** The reply's {@code MsgType}, or null without a reply. */
    public String msgType() {
        return reply.get("MsgType");
    }

    /** The text reply's {@code Content}, or null. */
    public String content() {
        return reply.get("Content");
    }
}
