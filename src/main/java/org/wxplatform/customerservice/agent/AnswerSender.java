package org.wxplatform.customerservice.agent;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.wxplatform.message.async.KfWindows;
import org.wxplatform.message.async.Push;
import org.wxplatform.message.async.SlowHandler;
import org.wxplatform.message.async.SlowTask;

/**
 * The {@code cs.send} tasks: one answer or notice of a chat, pushed through the kf API by the async
 * worker. Before the push one message of the subscriber's allowance is taken; when WeChat would refuse it
 * (45047, 45015) the line is marked undeliverable and nothing is sent. Run once per task until its result
 * is stored (the worker's contract), so the allowance is taken once per line.
 */
@ApplicationScoped
public class AnswerSender implements SlowHandler {

    @Inject
    AgentSessions sessions;

    @Inject
    KfWindows windows;

    @Inject
    ConsoleLive live;

    @Override
    public String kind() {
        return AgentChats.SEND_KIND;
    }

    @Override
    public List<Push> run(SlowTask task) throws RetryLater {
        try {
            Optional<AgentSessions.Line> found = sessions.line(Long.parseLong(task.payload()));
            if (found.isEmpty() || found.get().delivery() == null || found.get().delivery() != 'P') {
                return List.of(); // settled already, or not a line to send
            }
            AgentSessions.Line line = found.get();
            int refusal = windows.reserve(task.appid(), task.openid());
            if (refusal != 0) {
                String why = refusal == 45015
                        ? "45015: the subscriber has not written within 48 h; not sent"
                        : "45047: the subscriber's allowance of messages is used up until they write again; not sent";
                if (sessions.settle(line.id(), 'U', why)) {
                    live.ring("delivery", line.sessionId(), line.agent());
                }
                return List.of();
            }
            return List.of(new Push.Text(line.content()));
        } catch (SQLException e) {
            throw new RetryLater("chat line not read: " + e.getMessage(), e);
        }
    }
}
