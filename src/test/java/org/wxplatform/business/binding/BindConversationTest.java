package org.wxplatform.business.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.wxplatform.business.FakeCarrier;
import org.wxplatform.message.xml.InboundMessage;
import org.wxplatform.message.xml.Reply;
import org.wxplatform.message.xml.TextReply;

class BindConversationTest {

    static final String APP = "wx0000000000000001";
    static final AtomicLong MSG = new AtomicLong(1000);
    final FakeCarrier carrier = new FakeCarrier();
    final InMemoryBindings store = new InMemoryBindings();
    final BindConversation chat = new BindConversation();

    BindConversationTest() {
        chat.bindings = InMemoryBindings.service(carrier, store);
        chat.state = store;
    }

    private Optional<String> say(String openid, String text) {
        InboundMessage.Text t = new InboundMessage.Text(
                "gh_test", openid, System.currentTimeMillis() / 1000, Long.toString(MSG.incrementAndGet()), text);
        return chat.reply(APP, t).map(r -> ((TextReply) r).content());
    }

    @Test
    void bindByKeywordNumberAndCode() {
        assertEquals(Optional.of(BindingTexts.ASK_PHONE), say("o1", "绑定"));
        assertTrue(say("o1", "13800138001").orElseThrow().startsWith("验证码已发送至 138****8001"));
        assertTrue(say("o1", "1234").orElseThrow().contains("6位"), "a reply in digits stays in the dialogue");
        String wrong = carrier.codes.get("13800138001").equals("000000") ? "111111" : "000000";
        assertEquals(Optional.of("验证码不正确，您还可以尝试4次。"), say("o1", wrong));
        assertTrue(say("o1", carrier.codes.get("13800138001")).orElseThrow().startsWith("绑定成功"));
        assertEquals(Optional.of("13800138001"), chat.bindings.phoneOf(APP, "o1"));
        assertEquals(Optional.empty(), say("o1", "654321"), "the dialogue is over: digits are no longer ours");
        assertTrue(say("o1", "绑定").orElseThrow().startsWith("您已绑定 138****8001"));
        assertTrue(say("o1", "解绑").orElseThrow().startsWith("已解除与 138****8001 的绑定"));
        assertEquals(Optional.of(BindingTexts.NOT_BOUND), say("o1", "解绑"));
    }

    @Test
    void aMenuClickStartsTheDialogue() {
        Reply r = chat.onClick(
                        APP, new InboundMessage.Click("gh_test", "o2", System.currentTimeMillis() / 1000, "BIND"))
                .orElseThrow();
        assertEquals(BindingTexts.ASK_PHONE, ((TextReply) r).content());
        assertTrue(chat.handles("BIND") && chat.handles("UNBIND") && !chat.handles("QUERY_BILL"));
        assertTrue(say("o2", "13800138002").orElseThrow().startsWith("验证码已发送"));
    }

    @Test
    void wrongNumbersCanBeRetypedAndOtherTextsLeaveTheDialogue() {
        say("o3", "绑定");
        assertEquals(Optional.of("号码格式不正确，请输入11位手机号码，如 13800138000。"), say("o3", "138001"));
        assertTrue(say("o3", "13800000000").orElseThrow().contains("不是本网用户"));
        assertTrue(say("o3", "13800138003").orElseThrow().startsWith("验证码已发送"), "still waiting for a number");
        assertEquals(Optional.empty(), say("o3", "查话费"), "another subject goes to the other responders");
        assertEquals(Optional.empty(), say("o3", "123456"), "and ends the dialogue");
        say("o3", "绑定");
        assertEquals(Optional.of(BindingTexts.CANCELLED), say("o3", "取消"));
        assertEquals(Optional.empty(), say("o3", "13800138003"));
    }

    @Test
    void fiveWrongCodesEndTheDialogue() {
        say("o4", "绑定");
        say("o4", "13800138004");
        String wrong = carrier.codes.get("13800138004").equals("000000") ? "111111" : "000000";
        for (int i = 0; i < 4; i++) {
            assertTrue(say("o4", wrong).orElseThrow().startsWith("验证码不正确"));
        }
        assertTrue(say("o4", wrong).orElseThrow().startsWith("验证码错误次数过多"));
        assertEquals(Optional.empty(), say("o4", carrier.codes.get("13800138004")));
        assertEquals(Optional.empty(), chat.bindings.phoneOf(APP, "o4"));
    }

    @Test
    void aCodeAskedAgainTooSoonKeepsWaitingForTheFirst() {
        say("o5", "绑定");
        say("o5", "13800138005");
        String answer = say("o5", "13800138005").orElseThrow();
        assertTrue(answer.startsWith("获取验证码过于频繁") && answer.endsWith("如已收到验证码，请直接回复。"), answer);
        assertTrue(say("o5", carrier.codes.get("13800138005")).orElseThrow().startsWith("绑定成功"));
    }

    @Test
    void theCarrierDownIsSaidPlainly() {
        say("o6", "绑定");
        carrier.down = true;
        assertEquals(Optional.of("业务系统繁忙，暂时无法绑定，请稍后再试。"), say("o6", "13800138006"));
    }
}
