package org.wxplatform.redpacket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.wxplatform.redpacket.Ledger.Leg;

/**
 * Double-entry invariants of the legs the service writes: every movement sums to zero, balances are the
 * sums of legs, a packet's escrow is exactly what is left of it and is zero once it is resolved, and the
 * whole book sums to zero over a long random history of sends, grabs, refunds, system packets and
 * exchanges.
 */
class LedgerTest {

    @Test
    void everyMovementIsTwoLegsThatSumToZero() {
        List<List<Leg>> movements = List.of(
                Ledger.send(1, "a", 100),
                Ledger.system(2, 10),
                Ledger.grab(1, "b", 7),
                Ledger.refund(1, "a", 93),
                Ledger.exchange(5, "b", 7));
        for (List<Leg> m : movements) {
            assertEquals(2, m.size());
            assertEquals(0, m.get(0).amountMb() + m.get(1).amountMb());
            assertEquals(m.get(0).idemKey(), m.get(1).idemKey());
            assertEquals(0, m.get(0).leg());
            assertEquals(1, m.get(1).leg());
        }
        assertEquals(
                List.of(),
                Ledger.unbalanced(movements.stream().flatMap(List::stream).toList()));
    }

    @Test
    void aMovementOfNothingOrLessIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Ledger.send(1, "a", 0));
        assertThrows(IllegalArgumentException.class, () -> Ledger.grab(1, "a", -3));
    }

    @Test
    void aLostOrAlteredLegIsFound() {
        List<Leg> legs = new ArrayList<>(Ledger.send(1, "a", 100));
        legs.addAll(Ledger.grab(1, "b", 40));
        legs.remove(3);
        Leg g = Ledger.refund(1, "a", 60).get(0);
        legs.add(g);
        legs.add(new Leg(g.idemKey(), 1, g.holder(), "a", 1L, 61, g.kind()));
        assertEquals(List.of("grab:1:b", "refund:1"), Ledger.unbalanced(legs));
    }

    @Test
    void aLongRandomHistoryKeepsTheBooks() {
        Random r = new Random(7);
        List<Leg> book = new ArrayList<>();
        Map<String, Long> balance = new HashMap<>();
        Map<Long, int[]> openShares = new HashMap<>();
        Map<Long, String> senders = new HashMap<>();
        Map<Long, Integer> nextShare = new HashMap<>();
        long packet = 0;
        long exchange = 0;
        String[] users = {"u0", "u1", "u2", "u3", "u4", "u5"};
        for (String u : users) {
            long id = ++packet;
            book.addAll(Ledger.system(id, 500));
            book.addAll(Ledger.grab(id, u, 500));
            balance.merge(u, 500L, Long::sum);
        }
        for (int step = 0; step < 20_000; step++) {
            String u = users[r.nextInt(users.length)];
            int what = r.nextInt(10);
            if (what < 2 && balance.get(u) >= 10) {
                int total = 10 + r.nextInt((int) Math.min(90, balance.get(u) - 9));
                int count = 1 + r.nextInt(Math.min(10, total));
                long id = ++packet;
                openShares.put(id, Splits.random(total, count, r));
                senders.put(id, u);
                nextShare.put(id, 0);
                book.addAll(Ledger.send(id, u, total));
                balance.merge(u, (long) -total, Long::sum);
            } else if (what < 8 && !openShares.isEmpty()) {
                long id = openShares.keySet().stream()
                        .skip(r.nextInt(openShares.size()))
                        .findFirst()
                        .orElseThrow();
                int[] shares = openShares.get(id);
                int i = nextShare.get(id);
                book.addAll(Ledger.grab(id, u, shares[i]));
                balance.merge(u, (long) shares[i], Long::sum);
                nextShare.put(id, i + 1);
                if (i + 1 == shares.length) {
                    openShares.remove(id);
                }
            } else if (what == 8 && !openShares.isEmpty()) {
                long id = openShares.keySet().iterator().next();
                int[] shares = openShares.remove(id);
                long left = 0;
                for (int i = nextShare.get(id); i < shares.length; i++) {
                    left += shares[i];
                }
                book.addAll(Ledger.refund(id, senders.get(id), left));
                balance.merge(senders.get(id), left, Long::sum);
            } else if (what == 9 && balance.get(u) >= 100) {
                book.addAll(Ledger.exchange(++exchange, u, 100));
                balance.merge(u, -100L, Long::sum);
            }
            if (step % 1000 == 0) {
                assertEquals(List.of(), Ledger.unbalanced(book));
            }
        }
        Map<String, Long> fromBook = Ledger.balances(book);
        assertEquals(0L, fromBook.values().stream().mapToLong(Long::longValue).sum(), "the book sums to zero");
        for (String u : users) {
            assertEquals(balance.get(u), fromBook.getOrDefault("U:" + u, 0L), u);
            assertTrue(balance.get(u) >= 0, u);
        }
        for (var e : fromBook.entrySet()) {
            if (e.getKey().startsWith("P:")) {
                long id = Long.parseLong(e.getKey().substring(2));
                long left = 0;
                if (openShares.containsKey(id)) {
                    int[] s = openShares.get(id);
                    for (int i = nextShare.get(id); i < s.length; i++) {
                        left += s[i];
                    }
                }
                assertEquals(left, e.getValue(), "escrow of packet " + id + " is what is left of it");
            }
        }
        assertEquals(-6 * 500L, fromBook.get("S"));
        assertEquals(100L * exchange, fromBook.getOrDefault("C", 0L));
    }
}
