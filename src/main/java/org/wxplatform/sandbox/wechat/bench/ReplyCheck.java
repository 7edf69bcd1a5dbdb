package org.wxplatform.sandbox.wechat.bench;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.wxplatform.sandbox.wechat.WeChatCrypto;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Checks every reply a benchmark run received (the files {@code scripts/lib/wrk-replay.lua} writes, one
 * answer body per line) as WeChat would: a safe-mode envelope whose {@code MsgSignature} is
 * {@code sha1(sort(token, TimeStamp, Nonce, Encrypt))}, an {@code Encrypt} that decrypts with the
 * account's key to a text reply for the account's AppId, addressed to one of the benchmark's subscribers
 * ({@code oBench…}) and carrying exactly the expected text. Prints one line and exits 1 if any answer is
 * not such a reply.
 *
 * <pre>
 * java -cp target/classes org.wxplatform.sandbox.wechat.bench.ReplyCheck --appid wx.. --token T \
 *     --aes-key K --text 'expected reply' FILE...
 * </pre>
 */
public final class ReplyCheck {

    private ReplyCheck() {}

    public static void main(String[] args) throws Exception {
        String appid = null;
        String token = null;
        String key = null;
        String text = null;
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--appid" -> appid = args[++i];
                case "--token" -> token = args[++i];
                case "--aes-key" -> key = args[++i];
                case "--text" -> text = args[++i];
                default -> files.add(Path.of(args[i]));
            }
        }
        if (appid == null || token == null || key == null || text == null || files.isEmpty()) {
            throw new IllegalArgumentException("usage: --appid A --token T --aes-key K --text TEXT FILE...");
        }
        WeChatCrypto crypto = new WeChatCrypto(key);
        DocumentBuilder xml = parser();
        long good = 0;
        long bad = 0;
        String firstBad = null;
        for (Path file : files) {
            try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String body;
                while ((body = in.readLine()) != null) {
                    String problem = problem(xml, crypto, appid, token, text, body);
                    if (problem == null) {
                        good++;
                    } else {
                        bad++;
                        if (firstBad == null) {
                            firstBad = problem + ": " + (body.length() > 300 ? body.substring(0, 300) + "…" : body);
                        }
                    }
                }
            }
        }
        System.out.println(
                "REPLYCHECK verified=" + good + " bad=" + bad + (firstBad == null ? "" : " first=" + firstBad));
        if (bad > 0 || good == 0) {
            System.exit(1);
        }
    }

    private static String problem(
            DocumentBuilder xml, WeChatCrypto crypto, String appid, String token, String text, String body) {
        try {
            Element envelope = parse(xml, body);
            String encrypt = field(envelope, "Encrypt");
            String plain = crypto.decryptVerified(
                    token,
                    field(envelope, "MsgSignature"),
                    field(envelope, "TimeStamp"),
                    field(envelope, "Nonce"),
                    encrypt,
                    appid);
            Element reply = parse(xml, plain);
            if (!"text".equals(field(reply, "MsgType"))) {
                return "not a text reply";
            }
            String to = field(reply, "ToUserName");
            if (to == null || !to.startsWith("oBench")) {
                return "addressed to " + to;
            }
            if (!text.equals(field(reply, "Content"))) {
                return "another text";
            }
            return null;
        } catch (RuntimeException | IOException | org.xml.sax.SAXException e) {
            return "not a correct encrypted reply (" + e.getMessage() + ")";
        }
    }

    private static Element parse(DocumentBuilder xml, String s) throws IOException, org.xml.sax.SAXException {
        xml.reset();
        xml.setErrorHandler(new DefaultHandler());
        return xml.parse(new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8)))
                .getDocumentElement();
    }

    private static String field(Element parent, String name) {
        NodeList nodes = parent.getElementsByTagName(name);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent();
    }

    private static DocumentBuilder parser() throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setNamespaceAware(false);
        factory.setCoalescing(true);
        return factory.newDocumentBuilder();
    }
}
