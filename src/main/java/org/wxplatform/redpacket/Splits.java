package org.wxplatform.redpacket;

import java.util.random.RandomGenerator;

/**
 * How a packet's total (whole MB) is cut into shares (thesis 4.1.4): a normal packet gives every
 * receiver the same share; a random packet gives each next share the mean of what is left times a
 * random factor between 0 and 2 ("double mean"), so every position has the same expected share, and the
 * last share takes what is left.
 *
 * <p>The common version of this rounds {@code 2 * random * mean} and stops there; at the edges it breaks:
 * with about 1 MB a share a small factor rounds a share to 0, and a run of large factors leaves the last
 * share nothing or less than nothing. (The thesis's own code avoids that only by narrowing the factor to
 * {@code 1 ± bs/10} with {@code bs} from the first mean, so a small packet's shares hardly vary.) Here
 * the factor stays uniform on [0, 2) and every share is at least 1 MB and at most what leaves each later
 * share 1 MB, so any {@code 1 <= count <= total} works and the shares always sum to the total exactly.
 */
public final class Splits {

    /** The most shares one packet may have. */
    public static final int MAX_SHARES = 10_000;

    private Splits() {}

    /** {@code count} shares of {@code share} MB each. */
    public static int[] normal(int share, int count) {
        if (share < 1) {
            throw new IllegalArgumentException("share: at least 1 MB");
        }
        checkCount(count);
        if ((long) share * count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("share x count: too large");
        }
        int[] shares = new int[count];
        java.util.Arrays.fill(shares, share);
        return shares;
    }

    /** {@code count} random whole-MB shares of {@code total}: each at least 1, together exactly {@code total}. */
    public static int[] random(int total, int count, RandomGenerator random) {
        checkCount(count);
        if (total < count) {
            throw new IllegalArgumentException(
                    "total: at least 1 MB per share (" + count + " shares need " + count + " MB)");
        }
        int[] shares = new int[count];
        int left = total;
        for (int i = 0; i < count - 1; i++) {
            int sharesLeft = count - i;
            double mean = (double) left / sharesLeft;
            // the factor is uniform on [0, 2): the expected share is the mean of what is left
            long share = Math.round(mean * 2 * random.nextDouble());
            long cap = left - (sharesLeft - 1); // every later share keeps its 1 MB
            share = Math.max(1, Math.min(cap, share));
            shares[i] = (int) share;
            left -= (int) share;
        }
        shares[count - 1] = left;
        return shares;
    }

    private static void checkCount(int count) {
        if (count < 1 || count > MAX_SHARES) {
            throw new IllegalArgumentException("count: 1 to " + MAX_SHARES + " shares");
        }
    }
}
