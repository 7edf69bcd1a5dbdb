package org.wxplatform.business.query;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.wxplatform.business.binding.Phones;
import org.wxplatform.message.async.Push;
import org.wxplatform.message.async.SlowHandler;
import org.wxplatform.message.async.SlowTask;

/**
 * Runs a deferred query (task kind {@value #KIND}, payload {@code KIND:phone}) without the inline budget and
 * pushes its answer, or the reason there is none, as one text. A query is read-only, so running it again
 * after a node died is harmless.
 */
@ApplicationScoped
public class QuerySlowHandler implements SlowHandler {

    public static final String KIND = "business.query";

    @Inject
    QueryService queries;

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public List<Push> run(SlowTask task) {
        String payload = task.payload();
        int colon = payload.indexOf(':');
        QueryKind kind;
        String phone;
        try {
            kind = QueryKind.valueOf(payload.substring(0, Math.max(colon, 0)));
            phone = payload.substring(colon + 1);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a query payload: " + payload, e);
        }
        if (!Phones.valid(phone)) {
            throw new IllegalArgumentException("not a query payload: " + payload);
        }
        return List.of(new Push.Text(queries.answerNow(phone, kind)));
    }

    static String payload(String phone, QueryKind kind) {
        return kind.name() + ":" + phone;
    }
}
