package org.wxplatform.it.async;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import org.wxplatform.message.async.AsyncReplies;
import org.wxplatform.message.async.Push;
import org.wxplatform.message.async.SlowHandler;
import org.wxplatform.message.async.SlowTask;
import org.wxplatform.message.route.TextResponder;
import org.wxplatform.message.xml.InboundMessage;
import org.wxplatform.message.xml.Reply;

/**
 * A slow module for the async-reply test, deployed only with it: texts starting with "慢查询" are deferred;
 * the work takes {@link #WORK_MILLIS} and answers "结果：" + the text.
 */
public final class SlowEcho {

    public static final String PREFIX = "慢查询";
    public static final String ACK = "正在查询，请稍候…";
    public static final long WORK_MILLIS = 1500;

    private SlowEcho() {}

    @ApplicationScoped
    public static class Responder implements TextResponder {
        @Inject
        AsyncReplies async;

        @Override
        public int priority() {
            return 50;
        }

        @Override
        public Optional<Reply> reply(String appid, InboundMessage.Text text) {
            if (!text.content().startsWith(PREFIX)) {
                return Optional.empty();
            }
            return Optional.of(async.defer(appid, text, "it.slow-echo", text.content(), ACK));
        }
    }

    @ApplicationScoped
    public static class Handler implements SlowHandler {
        @Override
        public String kind() {
            return "it.slow-echo";
        }

        @Override
        public List<Push> run(SlowTask task) {
            try {
                Thread.sleep(WORK_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return List.of(new Push.Text("结果：" + task.payload()));
        }
    }
}
