package org.wxplatform.business.transaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.wxplatform.account.wechat.TemplateMessage;
import org.wxplatform.business.carrier.OrderKind;

class OutcomeNotifierTest {

    static Transaction tx(char state, String code, String message) {
        Instant t = Instant.parse("2026-03-01T02:03:04Z");
        return new Transaction(
                7,
                "wx1:m1",
                "wx1",
                "oUser1",
                "13912345678",
                OrderKind.DATA_PACKAGE,
                "DATA_M_1G",
                0,
                "1GB 月包",
                state,
                1,
                "WXP7-1",
                1,
                null,
                code,
                message,
                state == 'D' ? "C123" : null,
                'N',
                false,
                null,
                t,
                t,
                t);
    }

    @Test
    void aSuccessNamesTheProductTheMaskedNumberAndTheOrder() {
        TemplateMessage m = OutcomeNotifier.outcomeMessage(tx('D', "OK", "ok"), "tpl_1");
        assertEquals("oUser1", m.toUser());
        assertEquals("tpl_1", m.templateId());
        assertEquals("1GB 月包", m.data().get("keyword1").value());
        assertEquals("139****5678", m.data().get("keyword2").value());
        assertEquals("办理成功", m.data().get("keyword3").value());
        assertEquals("2026-03-01 10:03:04", m.data().get("keyword4").value(), "Beijing time");
        assertTrue(m.data().get("remark").value().contains("WXP7-1"));
        assertTrue(m.data().get("remark").value().contains("C123"));
    }

    @Test
    void aFailureSaysWhyInTheCarriersWords() {
        TemplateMessage m = OutcomeNotifier.outcomeMessage(tx('F', "INSUFFICIENT_BALANCE", "余额不足"), "tpl_1");
        assertEquals("办理失败：余额不足", m.data().get("keyword3").value());
        assertFalse(m.data().get("first").value().contains("成功办理"));
        TemplateMessage noText = OutcomeNotifier.outcomeMessage(tx('F', "UNKNOWN_NUMBER", null), "tpl_1");
        assertEquals("办理失败：UNKNOWN_NUMBER", noText.data().get("keyword3").value());
    }

    @Test
    void theWaitingNoticeSaysTheRequestIsKept() {
        String text = OutcomeNotifier.waitingText(tx('W', "UNAVAILABLE", "503"));
        assertTrue(text.contains("已为您保存"), text);
        assertTrue(text.contains("139****5678"), text);
    }

    @Test
    void serialsAreStablePerAttemptAndPhonesAreMasked() {
        Instant created = Instant.parse("2026-03-01T02:03:04.567Z");
        assertEquals(Transaction.serial(42, created, 1), Transaction.serial(42, created, 1), "stable per attempt");
        assertTrue(Transaction.serial(42, created, 1).endsWith("-42-1"));
        assertTrue(Transaction.serial(42, created, 2).endsWith("-42-2"));
        // a rebuilt database gives ids from 1 again: the creation time keeps the serial new
        assertNotEquals(Transaction.serial(42, created, 1), Transaction.serial(42, created.plusMillis(1), 1));
        assertTrue(Transaction.serial(Long.MAX_VALUE, created, 99).length() <= 64, "fits the column");
        assertEquals("138****0001", Transaction.maskedPhone("13800000001"));
        assertEquals("123", Transaction.maskedPhone("123"));
    }
}
