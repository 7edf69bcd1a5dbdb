package org.wxplatform.business.push;

/**
 * A set of non-negative longs in one open-addressed array: the numbers already seen in an uploaded file,
 * a million of them in 16 MB instead of the hundred a {@code HashSet<String>} takes.
 */
final class LongSet {

    private long[] slots = new long[1 << 12];
    private int size;

    /** Adds {@code v} (≥ 0); false when it was there. */
    boolean add(long v) {
        if (v < 0) {
            throw new IllegalArgumentException("only non-negative values");
        }
        if ((size + 1) * 2L > slots.length) {
            grow();
        }
        return insert(slots, v + 1);
    }

    int size() {
        return size;
    }

    private boolean insert(long[] table, long stored) {
        int mask = table.length - 1;
        int i = (int) (mix(stored) & mask);
        while (table[i] != 0) {
            if (table[i] == stored) {
                return false;
            }
            i = (i + 1) & mask;
        }
        table[i] = stored;
        if (table == slots) {
            size++;
        }
        return true;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        for (long stored : old) {
            if (stored != 0) {
                int mask = slots.length - 1;
                int i = (int) (mix(stored) & mask);
                while (slots[i] != 0) {
                    i = (i + 1) & mask;
                }
                slots[i] = stored;
            }
        }
    }

    private static long mix(long x) {
        x ^= x >>> 33;
        x *= 0xff51afd7ed558ccdL;
        x ^= x >>> 33;
        return x;
    }
}
