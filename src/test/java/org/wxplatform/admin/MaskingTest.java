package org.wxplatform.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.wxplatform.admin.web.Masking;

class MaskingTest {

    @Test
    void showsOnlyTheEnds() {
        assertEquals("012**************************def", Masking.mask("0123456789abcdef0123456789abcdef"));
        assertEquals("*****", Masking.mask("short"));
        assertNull(Masking.mask(null));
    }
}
