package org.wxplatform.log.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ProcStatsTest {

    static final String NET_DEV =
            """
            Inter-|   Receive                                                |  Transmit
             face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
                lo: 1234567    8901    0    0    0     0          0         0  1234567    8901    0    0    0     0       0          0
              eth0:98765432  123456    0    3    0     0          0        12 45678901   65432    0    0    0     0       0          0
            garbage line
              bad0: x y z
            """;

    @Test
    void netDevReadsBytesAndPacketsInAndOut() {
        var m = ProcStats.netDev(NET_DEV);
        assertEquals(2, m.size(), m.toString());
        assertEquals(new ProcStats.Counters(1234567, 8901, 1234567, 8901), m.get("lo"));
        assertEquals(new ProcStats.Counters(98765432, 123456, 45678901, 65432), m.get("eth0"));
    }

    @Test
    void deltasAndAResetCounter() {
        var a = new ProcStats.Counters(100, 10, 50, 5);
        var b = new ProcStats.Counters(160, 13, 80, 9);
        assertEquals(new ProcStats.Counters(60, 3, 30, 4), b.since(a));
        assertNull(a.since(b), "a counter that went back (interface reset) gives no delta");
    }

    @Test
    void loadAvg() {
        assertEquals(new ProcStats.Load(0.52, 0.58, 1.5), ProcStats.loadAvg("0.52 0.58 1.50 1/467 12345\\n"));
        assertThrows(IllegalArgumentException.class, () -> ProcStats.loadAvg("0.5"));
    }

    @Test
    void bucketsKeepASeriesUnder720Points() {
        Instant t = Instant.parse("2026-12-01T00:00:00Z");
        assertEquals(60, MonitorQuery.bucketSeconds(t, t.plusSeconds(3600)));
        assertEquals(120, MonitorQuery.bucketSeconds(t, t.plusSeconds(86_400)));
        assertEquals(3_720, MonitorQuery.bucketSeconds(t, t.plusSeconds(31 * 86_400)));
    }
}
