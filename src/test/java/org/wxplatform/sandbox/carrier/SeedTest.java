package org.wxplatform.sandbox.carrier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SeedTest {

    @Test
    void numberRules() {
        assertEquals("13812345678", Seed.subscriber("13812345678"));
        for (String bad : new String[] {null, "", "12812345678", "1381234567", "138123456789", "1381234567a"}) {
            assertEquals(
                    "INVALID_NUMBER",
                    assertThrows(SimFault.class, () -> Seed.subscriber(bad)).code(),
                    bad);
        }
        assertEquals(
                "UNKNOWN_NUMBER",
                assertThrows(SimFault.class, () -> Seed.subscriber("13912340000"))
                        .code());
    }

    @Test
    void seedIsDeterministicAndVaried() {
        Set<Product> plans = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String phone = "1380000" + String.format("%04d", i + 1);
            assertEquals(Seed.plan(phone), Seed.plan(phone));
            assertEquals(Seed.balanceFen(phone), Seed.balanceFen(phone));
            assertTrue(Seed.balanceFen(phone) >= 20_000, "one order of anything succeeds for a fresh number");
            int used = Seed.usedPercent(phone, "data");
            assertTrue(used >= 10 && used <= 85);
            plans.add(Seed.plan(phone));
        }
        assertEquals(3, plans.size(), "all plans occur");
        long maxPrice = 0;
        for (Product p : Product.values()) {
            if (p.kind != Product.Kind.MAIN_PLAN) {
                maxPrice = Math.max(maxPrice, p.priceFen);
            }
        }
        assertTrue(maxPrice <= 20_000);
    }
}
