package org.wxplatform.redpacket;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The double-entry legs of every movement of traffic. A movement is two legs under one idempotency key
 * (legs 0 and 1) whose amounts sum to zero: traffic leaves one holder and reaches another, so the
 * ledger as a whole always sums to zero and a subscriber's balance is the sum of the legs of their
 * account. Holders: {@link Holder#USER} (a subscriber's account), {@link Holder#PACKET} (a packet's
 * escrow, between send and grab/refund), {@link Holder#SYSTEM} (what the platform gives away in system
 * packets) and {@link Holder#CARRIER} (traffic exchanged out into a phone's data).
 *
 * <p>The service writes exactly the legs built here, so the invariants tested on this class are the
 * ones the database holds.
 */
public final class Ledger {

    private Ledger() {}

    public enum Holder {
        USER('U'),
        PACKET('P'),
        SYSTEM('S'),
        CARRIER('C');

        public final char code;

        Holder(char code) {
            this.code = code;
        }

        public static Holder of(char code) {
            for (Holder h : values()) {
                if (h.code == code) {
                    return h;
                }
            }
            throw new IllegalArgumentException("holder: " + code);
        }
    }

    public enum Kind {
        SEND,
        GRAB,
        REFUND,
        SYSTEM,
        EXCHANGE
    }

    /** One leg: {@code openid} is the subscriber for a USER leg, "" otherwise; packet is null for an exchange. */
    public record Leg(String idemKey, int leg, Holder holder, String openid, Long packetId, long amountMb, Kind kind) {}

    /** The sender's balance goes into the packet's escrow. */
    public static List<Leg> send(long packetId, String sender, long total) {
        return pair("send:" + packetId, Kind.SEND, Holder.USER, sender, Holder.PACKET, "", packetId, total);
    }

    /** The platform funds a system packet. */
    public static List<Leg> system(long packetId, long total) {
        return pair("system:" + packetId, Kind.SYSTEM, Holder.SYSTEM, "", Holder.PACKET, "", packetId, total);
    }

    /** One share leaves the escrow for the grabber's account. */
    public static List<Leg> grab(long packetId, String grabber, long share) {
        return pair(
                "grab:" + packetId + ":" + grabber,
                Kind.GRAB,
                Holder.PACKET,
                "",
                Holder.USER,
                grabber,
                packetId,
                share);
    }

    /** What no one took goes back to the sender. */
    public static List<Leg> refund(long packetId, String sender, long remainder) {
        return pair("refund:" + packetId, Kind.REFUND, Holder.PACKET, "", Holder.USER, sender, packetId, remainder);
    }

    /** Balance exchanged into the bound phone's data. */
    public static List<Leg> exchange(long exchangeId, String openid, long amount) {
        return pair("exchange:" + exchangeId, Kind.EXCHANGE, Holder.USER, openid, Holder.CARRIER, "", null, amount);
    }

    private static List<Leg> pair(
            String key,
            Kind kind,
            Holder from,
            String fromOpenid,
            Holder to,
            String toOpenid,
            Long packet,
            long amount) {
        if (amount <= 0) {
            throw new IllegalArgumentException("a movement moves at least 1 MB: " + amount);
        }
        return List.of(
                new Leg(key, 0, from, fromOpenid, packet, -amount, kind),
                new Leg(key, 1, to, toOpenid, packet, amount, kind));
    }

    /** Balances per holder ("U:openid", "P:id", "S", "C") of a set of legs. */
    public static Map<String, Long> balances(Iterable<Leg> legs) {
        Map<String, Long> out = new HashMap<>();
        for (Leg l : legs) {
            out.merge(account(l), l.amountMb(), Long::sum);
        }
        return out;
    }

    /** The account a leg moves: "U:openid" for a subscriber, "P:id" for an escrow, "S" or "C". */
    public static String account(Leg l) {
        return switch (l.holder()) {
            case USER -> "U:" + l.openid();
            case PACKET -> "P:" + l.packetId();
            case SYSTEM -> "S";
            case CARRIER -> "C";
        };
    }

    /** Movements (by idempotency key) whose legs do not sum to zero or are not exactly legs 0 and 1. */
    public static List<String> unbalanced(Iterable<Leg> legs) {
        Map<String, long[]> byKey = new HashMap<>();
        for (Leg l : legs) {
            long[] s = byKey.computeIfAbsent(l.idemKey(), k -> new long[2]);
            s[0] += l.amountMb();
            s[1] |= 1L << l.leg();
        }
        return byKey.entrySet().stream()
                .filter(e -> e.getValue()[0] != 0 || e.getValue()[1] != 3L)
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
    }
}
