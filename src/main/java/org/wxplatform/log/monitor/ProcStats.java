package org.wxplatform.log.monitor;

import java.util.LinkedHashMap;
import java.util.Map;

/** Parsers of the two kernel files the monitor samples; plain text in, records out. */
public final class ProcStats {

    private ProcStats() {}

    /** Counters of one interface since boot. */
    public record Counters(long rxBytes, long rxPackets, long txBytes, long txPackets) {

        /** This minus an earlier reading, or null when a counter went backwards (wrap or reset). */
        public Counters since(Counters earlier) {
            Counters d = new Counters(
                    rxBytes - earlier.rxBytes,
                    rxPackets - earlier.rxPackets,
                    txBytes - earlier.txBytes,
                    txPackets - earlier.txPackets);
            return d.rxBytes < 0 || d.rxPackets < 0 || d.txBytes < 0 || d.txPackets < 0 ? null : d;
        }
    }

    public record Load(double one, double five, double fifteen) {}

    /**
     * {@code /proc/net/dev}: two header lines, then {@code iface: rx_bytes rx_packets errs drop fifo frame
     * compressed multicast tx_bytes tx_packets ...}. Malformed lines are skipped.
     */
    public static Map<String, Counters> netDev(String text) {
        Map<String, Counters> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String iface = line.substring(0, colon).strip();
            String[] f = line.substring(colon + 1).strip().split("\\s+");
            if (iface.isEmpty() || iface.length() > 32 || f.length < 10) {
                continue;
            }
            try {
                out.put(
                        iface,
                        new Counters(
                                Long.parseLong(f[0]),
                                Long.parseLong(f[1]),
                                Long.parseLong(f[8]),
                                Long.parseLong(f[9])));
            } catch (NumberFormatException e) {
                // not a counters line
            }
        }
        return out;
    }

    /** {@code /proc/loadavg}: {@code 0.52 0.58 0.59 1/467 12345}. */
    public static Load loadAvg(String text) {
        String[] f = text.strip().split("\\s+");
        if (f.length < 3) {
            throw new IllegalArgumentException("not a loadavg line: " + text);
        }
        return new Load(Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]));
    }
}
