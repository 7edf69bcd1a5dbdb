package org.wxplatform.message;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.wxplatform.account.AccountDirectory;
import org.wxplatform.account.AccountKeys;
import org.wxplatform.account.domain.MessageMode;
import org.wxplatform.message.crypto.CryptoException;
import org.wxplatform.message.crypto.EncodingAesKey;
import org.wxplatform.message.crypto.MessageCrypto;
import org.wxplatform.message.crypto.Signatures;
import org.wxplatform.message.dedupe.MessageReceipts;
import org.wxplatform.message.dedupe.RepeatScreen;
import org.wxplatform.message.route.MessageRouter;
import org.wxplatform.message.route.Prefetch;
import org.wxplatform.message.xml.InboundMessage;
import org.wxplatform.message.xml.InboundParser;
import org.wxplatform.message.xml.MalformedMessageException;
import org.wxplatform.message.xml.ReplyRenderer;
import org.wxplatform.message.xml.SafeXml;
import org.wxplatform.platform.config.Settings;

/**
 * The callback protocol of SPEC §1: verification, decryption, parsing, exactly-once routing and the
 * (encrypted) reply. Every refusal happens before anything is recorded, so a hostile or broken request
 * leaves no trace but its log line.
 */
@ApplicationScoped
public class CallbackService {

    /** A refusal: the HTTP status and a short reason that is safe to show. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final int status;

        Refused(int status, String reason) {
            super(reason, null, false, false);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /** The query parameters WeChat signs a POST with. */
    public record Query(String signature, String timestamp, String nonce, String encryptType, String msgSignature) {}

    /** The answer: a content type and a body ({@code success} or reply XML). */
    public record Answer(String contentType, String body) {}

    @Inject
    AccountDirectory accounts;

    @Inject
    MessageReceipts receipts;

    @Inject
    MessageRouter router;

    @Inject
    Instance<Prefetch> prefetches;

    private List<Prefetch> prefetchList;

    @PostConstruct
    void init() {
        prefetchList = prefetches.stream().toList();
    }

    private final SafeXml safeXml = new SafeXml(Settings.getInt("WXP_CALLBACK_MAX_BYTES", 64 * 1024));
    private final InboundParser parser = new InboundParser(safeXml);
    private final long windowSeconds = Settings.getInt("WXP_CALLBACK_WINDOW_SECONDS", 300);
    /**
     * How long a retry waits for the first delivery of its message (from the request's arrival): inside
     * the front's read limit (nginx/nginx.conf, 4 s), so that the answer is {@code success} and not a
     * timeout that takes the node out of the front's rotation, and inside WeChat's 5 s.
     */
    private final long waitMillis = Settings.getInt("WXP_CALLBACK_WAIT_MS", 3000);

    private final Map<String, MessageCrypto> cryptos = new ConcurrentHashMap<>();

    /** Reads the body within the size limit (413 above it). */
    public byte[] readBody(java.io.InputStream in) throws Refused, java.io.IOException {
        try {
            return safeXml.readBody(in);
        } catch (MalformedMessageException e) {
            throw new Refused(e.reason() == MalformedMessageException.Reason.TOO_LARGE ? 413 : 400, e.getMessage());
        }
    }

    public AccountKeys account(String appid) throws Refused {
        if (appid == null || appid.isEmpty() || appid.length() > 32) {
            throw new Refused(404, "unknown account");
        }
        Optional<AccountKeys> keys = accounts.keys(appid);
        return keys.orElseThrow(() -> new Refused(404, "unknown account"));
    }

    /** The GET handshake: echostr when the signature is right. */
    public String handshake(String appid, String signature, String timestamp, String nonce, String echostr)
            throws Refused {
        AccountKeys account = account(appid);
        if (echostr == null || !Signatures.verifyHandshake(signature, account.token(), timestamp, nonce)) {
            throw new Refused(403, "bad signature");
        }
        return echostr;
    }

    /** A POSTed message or event; {@code started} is when the request arrived (nanoTime). */
    public Answer handle(String appid, Query q, byte[] body, long started) throws Refused {
        AccountKeys account = account(appid);
        checkTimestamp(q.timestamp());
        boolean encrypted = "aes".equalsIgnoreCase(q.encryptType());
        if (account.mode() == MessageMode.SAFE && !encrypted) {
            throw new Refused(400, "this account is in safe mode: encrypted messages only");
        }
        if (!encrypted && !Signatures.verifyHandshake(q.signature(), account.token(), q.timestamp(), q.nonce())) {
            throw new Refused(403, "bad signature");
        }
        if (encrypted && account.aesKey() == null) {
            throw new Refused(400, "this account has no EncodingAESKey");
        }
        InboundMessage message;
        String xml;
        try {
            if (encrypted) {
                String encrypt = safeXml.parseFields(body).get("Encrypt");
                if (encrypt == null) {
                    throw new Refused(400, "Encrypt element missing");
                }
                xml = crypto(account)
                        .decryptVerified(
                                account.token(), q.msgSignature(), q.timestamp(), q.nonce(), encrypt, account.appid());
            } else {
                xml = new String(body, StandardCharsets.UTF_8);
            }
            message = parser.parse(xml);
        } catch (CryptoException e) {
            throw new Refused(e.reason() == CryptoException.Reason.BAD_SIGNATURE ? 403 : 400, e.getMessage());
        } catch (MalformedMessageException e) {
            throw new Refused(e.reason() == MalformedMessageException.Reason.TOO_LARGE ? 413 : 400, e.getMessage());
        }
        // from here on the account's own spelling of its appid, the one every derived key uses
        String canonical = account.appid();
        long deadline = started + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        String reply;
        try {
            reply = receipts.process(
                            canonical,
                            message.dedupeKey(),
                            gate(canonical, q, xml, message, encrypted),
                            () -> ReplyRenderer.renderFor(
                                    message, router.route(canonical, message), System.currentTimeMillis() / 1000),
                            deadline)
                    .reply();
        } catch (MessageReceipts.Replayed e) {
            throw new Refused(403, e.getMessage());
        }
        if ("success".equals(reply)) {
            return new Answer("text/plain", "success");
        }
        if (encrypted) {
            String timestamp = Long.toString(System.currentTimeMillis() / 1000);
            return new Answer(
                    "application/xml",
                    crypto(account)
                            .encryptReply(account.token(), reply, account.appid(), timestamp, q.nonce())
                            .toXml());
        }
        return new Answer("application/xml", reply);
    }

    private void checkTimestamp(String timestamp) throws Refused {
        long ts;
        try {
            ts = Long.parseLong(timestamp);
        } catch (NumberFormatException | NullPointerException e) {
            throw new Refused(400, "timestamp missing or not a number");
        }
        long now = System.currentTimeMillis() / 1000;
        if (Math.abs(now - ts) > windowSeconds) {
            throw new Refused(403, "timestamp outside the accepted window (replay?)");
        }
    }

    /**
     * A plaintext signature covers the timestamp and nonce, not the body: within the window, the same
     * (timestamp, nonce) with another message is a forgery riding on a captured signature. WeChat's own
     * retries repeat the same message and pass (compared after decryption: a re-encryption is the same
     * message). Checked in the same Redis call as the exactly-once claim, together with the repeat screen.
     *
     * <p>An encrypted message's {@code msg_signature} covers its body as well, so its key carries that
     * signature: WeChat's nonces are random 32-bit numbers, and two of its messages in the same second
     * share one now and then (at 3,000 callbacks/s, about once in twenty minutes); without the signature
     * in the key the second would be refused as a replay. A forgery cannot make a new msg_signature, and
     * a replay of a captured request is the same message, which the exactly-once claim answers.
     */
    private MessageReceipts.Gate gate(String appid, Query q, String xml, InboundMessage message, boolean encrypted) {
        List<String> prefetch = new ArrayList<>(prefetchList.size());
        for (Prefetch p : prefetchList) {
            String key = p.key(appid, message);
            if (key != null) {
                prefetch.add(key);
            }
        }
        return new MessageReceipts.Gate(
                "wxp:nonce:" + appid + ":" + q.timestamp() + ":" + q.nonce()
                        + (encrypted ? ":" + q.msgSignature() : ""),
                Signatures.sha1Hex(xml.getBytes(StandardCharsets.UTF_8)),
                windowSeconds * 2,
                message.fromUserName(),
                RepeatScreen.actionOf(message),
                prefetch);
    }

    private MessageCrypto crypto(AccountKeys account) {
        return cryptos.computeIfAbsent(
                account.appid() + ":" + account.aesKey(),
                k -> new MessageCrypto(EncodingAesKey.parse(account.aesKey())));
    }
}
