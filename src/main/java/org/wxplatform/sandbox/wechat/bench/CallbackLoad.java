package org.wxplatform.sandbox.wechat.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.wxplatform.sandbox.wechat.CallbackMode;
import org.wxplatform.sandbox.wechat.CallbackSimulator;

/**
 * Writes a file of signed (and, per mode, encrypted) text callbacks for a load generator to replay: one
 * request per line, {@code path?query TAB body}. Every request is a distinct message (its own MsgId and
 * nonce) from one of {@code --users} subscribers, each text containing the keyword, so a replay exercises
 * the whole path — signature, decryption, exactly-once claim, repeat screen, keyword match, user log,
 * reply encryption — and never the retry shortcut.
 *
 * <pre>
 * java -cp target/classes org.wxplatform.sandbox.wechat.bench.CallbackLoad --base URL --appid wx.. \
 *     --token T --aes-key K --mode safe --keyword 营业厅 --users 20000 --requests 150000 --out FILE
 * </pre>
 */
public final class CallbackLoad {

    private CallbackLoad() {}

    public static void main(String[] args) throws IOException {
        Map<String, String> o = options(args);
        String base = require(o, "base");
        CallbackMode mode = CallbackMode.parse(o.getOrDefault("mode", "safe"));
        CallbackSimulator wechat = new CallbackSimulator(
                base, require(o, "appid"), require(o, "token"), o.get("aes-key"), mode, o.get("original-id"));
        String keyword = o.getOrDefault("keyword", "营业厅");
        int users = Integer.parseInt(o.getOrDefault("users", "20000"));
        int requests = Integer.parseInt(o.getOrDefault("requests", "100000"));
        if (users < 1 || requests < 1) {
            throw new IllegalArgumentException("--users and --requests must be positive");
        }
        Path out = Path.of(require(o, "out"));
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            for (int i = 0; i < requests; i++) {
                // each user's texts differ, so the 10 s repeat screen never mistakes them for repeats
                String openId = String.format("oBench%06d", i % users);
                String text = "请问" + keyword + "在哪 #" + (i / users);
                CallbackSimulator.Request r = wechat.prepare(wechat.messages().text(openId, text));
                URI uri = r.uri();
                String line = uri.getRawPath() + "?" + uri.getRawQuery() + "\t" + r.body();
                if (line.indexOf('\n') >= 0 || line.indexOf('\t') != line.lastIndexOf('\t')) {
                    throw new IllegalStateException("a request would not fit on one line");
                }
                w.write(line);
                w.write('\n');
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        System.out.println(requests + " requests from " + Math.min(users, requests) + " users written to " + out);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: --name value ... (at " + args[i] + ")");
            }
            o.put(args[i].substring(2), args[++i]);
        }
        return o;
    }

    private static String require(Map<String, String> o, String name) {
        String v = o.get(name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return v;
    }
}
