package org.wxplatform.account.wechat;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** WeChat's rules for typed template fields, checked before a send (a 47003 never reaches WeChat). */
class TemplateFieldsTest {

    static void ok(String key, String value) {
        assertDoesNotThrow(() -> TemplateFields.check(key, value), key + "=" + value);
    }

    static void refused(String key, String value) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> TemplateFields.check(key, value), key + "=" + value);
        assertTrue(e.getMessage().startsWith(key + ": "), e.getMessage());
    }

    @Test
    void theTypeIsTheKeyWithoutItsNumber() {
        assertEquals("thing", TemplateFields.type("thing2"));
        assertEquals("character_string", TemplateFields.type("character_string13"));
        assertEquals("keyword", TemplateFields.type("keyword1"));
        assertEquals("first", TemplateFields.type("first"));
    }

    @Test
    void eachTypeKeepsItsLengthAndCharacters() {
        ok("thing2", "1GB流量包（当月有效）");
        ok("thing2", "一二三四五六七八九十一二三四五六七八九十");
        refused("thing2", "一二三四五六七八九十一二三四五六七八九十一");
        ok("number1", "12345");
        ok("number1", "3.25");
        refused("number1", "3.2.5");
        refused("number1", "12a");
        ok("letter1", "GPRS");
        refused("letter1", "GPRS1");
        ok("symbol1", "+-*/");
        refused("symbol1", "++++++");
        refused("symbol1", "a");
        ok("character_string3", "ORD-2026-0001");
        refused("character_string3", "订单0001");
        refused("character_string3", "x".repeat(33));
        ok("time6", "15:01");
        ok("time6", "2026年12月3日 15:01");
        ok("time6", "2026-12-03 15:01:30");
        ok("time6", "15:00~18:00");
        refused("time6", "25:01");
        refused("time6", "下午三点");
        ok("date4", "2026年12月3日");
        ok("date4", "2026/12/03");
        ok("date4", "12月3日");
        ok("date4", "2026-12");
        ok("date4", "2026年12月1日~2026年12月31日");
        refused("date4", "2026-13-01");
        refused("date4", "明天");
        ok("amount5", "¥100.00");
        ok("amount5", "30元");
        ok("amount5", "9.9");
        refused("amount5", "¥12345678901");
        refused("amount5", "一百元");
        ok("phone_number7", "+86-0766-66888866");
        refused("phone_number7", "+86-0766-66888866-1");
        refused("phone_number7", "电话10086");
        ok("car_number8", "粤A8Z888挂");
        refused("car_number8", "粤A8Z8888挂");
        refused("car_number8", "A粤8Z888");
        ok("name9", "张三");
        ok("name9", "Zhang San");
        refused("name9", "一二三四五六七八九十一");
        ok("phrase4", "配送中");
        refused("phrase4", "正在配送中了");
        refused("phrase4", "ok");
    }

    @Test
    void noValueHoldsALineBreakAndOldFieldsAreOnlyCappedAt200() {
        refused("thing2", "第一行\n第二行");
        refused("first", "您好\r\n");
        refused("thing2", "");
        ok("first", "您好，您的业务已办理成功。");
        ok("remark", "x".repeat(200));
        refused("remark", "x".repeat(201));
        ok("enum1", "任意值");
    }
}
