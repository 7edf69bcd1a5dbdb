package org.wxplatform.platform.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ClientAddressTest {

    private static final Set<String> FRONT = Set.of("10.251.6.11", "10.251.6.12");

    @Test
    void theBalancersHeaderIsBelieved() {
        assertEquals("203.0.113.7", ClientAddress.of("10.251.6.11", "203.0.113.7", FRONT));
        assertEquals("2001:db8::1", ClientAddress.of("10.251.6.12", " 2001:db8::1 ", FRONT));
    }

    @Test
    void aDirectClientCannotChooseItsAddress() {
        assertEquals("198.51.100.9", ClientAddress.of("198.51.100.9", "203.0.113.7", FRONT));
        assertEquals("198.51.100.9", ClientAddress.of("198.51.100.9", null, FRONT));
    }

    @Test
    void aHeaderThatIsNoAddressIsIgnored() {
        assertEquals("10.251.6.11", ClientAddress.of("10.251.6.11", "evil:key\r\nX", FRONT));
        assertEquals("10.251.6.11", ClientAddress.of("10.251.6.11", "", FRONT));
        assertFalse(ClientAddress.isAddress("1".repeat(46)));
        assertFalse(ClientAddress.isAddress("cafe"));
        assertTrue(ClientAddress.isAddress("127.0.0.1"));
        assertTrue(ClientAddress.isAddress("::1"));
    }
}
