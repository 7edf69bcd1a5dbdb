package org.wxplatform.redpacket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** The cutting of packets into shares: the thesis's stability test (5.1.5) and the edges of the common version. */
class SplitsTest {

    @Test
    void theThesisStabilityTestHoldsWithinOnePercentOverAHundredThousandRuns() {
        SplittableRandom random = new SplittableRandom(20261203L);
        int runs = 100_000;
        long[] sums = new long[20];
        for (int r = 0; r < runs; r++) {
            int[] shares = Splits.random(500, 20, random);
            assertEquals(500, Arrays.stream(shares).sum(), "the shares sum to the total");
            for (int i = 0; i < shares.length; i++) {
                assertTrue(shares[i] >= 1, "every share at least 1 MB: " + Arrays.toString(shares));
                sums[i] += shares[i];
            }
        }
        StringBuilder means = new StringBuilder();
        for (int i = 0; i < sums.length; i++) {
            double mean = (double) sums[i] / runs;
            means.append(String.format("%.2f ", mean));
            assertTrue(Math.abs(mean - 25) <= 0.25, "position " + (i + 1) + " has mean " + mean + " (25 ± 1 %)");
        }
        System.out.println("RANDOM-SPLIT total=500 shares=20 runs=" + runs + " means: "
                + means.toString().trim());
    }

    @Test
    void everyCountUpToTheTotalWorksAtTheEdges() {
        SplittableRandom random = new SplittableRandom(7);
        assertArrayEquals(new int[] {20}, Splits.random(20, 1, random), "one share takes it all");
        int[] ones = Splits.random(20, 20, random);
        assertArrayEquals(filled(20, 1), ones, "as many shares as MB: one each");
        for (int run = 0; run < 20_000; run++) {
            int count = 1 + random.nextInt(200);
            int total = count + random.nextInt(count * 3 + 1); // often only a little more than 1 MB a share
            int[] shares = Splits.random(total, count, random);
            assertEquals(count, shares.length);
            assertEquals(total, Arrays.stream(shares).sum(), () -> total + " in " + count);
            assertTrue(Arrays.stream(shares).allMatch(s -> s >= 1), () -> Arrays.toString(shares));
        }
        // an adversary's random source: always the largest factor, then always the smallest
        assertValid(Splits.random(100, 10, constant(0.999999)), 100);
        assertValid(Splits.random(100, 10, constant(0.0)), 100);
        assertValid(Splits.random(11, 10, constant(0.999999)), 11);
    }

    @Test
    void theCommonDoubleMeanBreaksAtTheEdgesThisOneDoesNot() {
        // the common version: round(2 * random * mean of what is left), the last share what is left
        assertTrue(Arrays.stream(commonDoubleMean(20, 20, constant(0.0))).anyMatch(s -> s == 0), "a share of 0 MB");
        int[] greedy = commonDoubleMean(30, 10, constant(0.999999));
        assertTrue(greedy[greedy.length - 1] <= 0, "the last share gets " + greedy[greedy.length - 1] + " MB");
        assertValid(Splits.random(20, 20, constant(0.0)), 20);
        assertValid(Splits.random(30, 10, constant(0.999999)), 30);
    }

    @Test
    void normalPacketsAndBadInputs() {
        assertArrayEquals(filled(5, 30), Splits.normal(30, 5));
        assertThrows(IllegalArgumentException.class, () -> Splits.random(9, 10, new SplittableRandom(1)));
        assertThrows(IllegalArgumentException.class, () -> Splits.random(10, 0, new SplittableRandom(1)));
        assertThrows(
                IllegalArgumentException.class,
                () -> Splits.random(100_000, Splits.MAX_SHARES + 1, new SplittableRandom(1)));
        assertThrows(IllegalArgumentException.class, () -> Splits.normal(0, 3));
        assertThrows(IllegalArgumentException.class, () -> Splits.normal(Integer.MAX_VALUE, 2));
    }

    static void assertValid(int[] shares, int total) {
        assertEquals(total, Arrays.stream(shares).sum(), Arrays.toString(shares));
        assertTrue(Arrays.stream(shares).allMatch(s -> s >= 1), Arrays.toString(shares));
    }

    static int[] filled(int n, int v) {
        int[] a = new int[n];
        Arrays.fill(a, v);
        return a;
    }

    static int[] commonDoubleMean(int total, int count, RandomGenerator random) {
        int[] res = new int[count];
        int left = total;
        for (int i = 0; i < count - 1; i++) {
            res[i] = (int) Math.round((double) left / (count - i) * 2 * random.nextDouble());
            left -= res[i];
        }
        res[count - 1] = left;
        return res;
    }

    static RandomGenerator constant(double value) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public double nextDouble() {
                return value;
            }
        };
    }
}
