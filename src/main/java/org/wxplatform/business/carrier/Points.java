package org.wxplatform.business.carrier;

import java.util.List;

/** Available points and the exchange history, newest first. */
public record Points(String phone, long available, List<PointsExchange> history) {
    public Points {
        history = List.copyOf(history);
    }
}
