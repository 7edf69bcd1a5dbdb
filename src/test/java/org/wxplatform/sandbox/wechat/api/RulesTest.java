package org.wxplatform.sandbox.wechat.api;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** WeChat's validation rules of the sandbox API, each answering WeChat's errcode. */
class RulesTest {

    private static JsonObject json(String s) {
        return MessageRules.body(s.replace('\'', '"'));
    }

    private static void errcode(int expected, Executable call) {
        ApiFailure failure = assertThrows(ApiFailure.class, call);
        assertEquals(expected, failure.errcode(), failure.errmsg());
    }

    private static final String CLICK = "{'type':'click','name':'查话费','key':'BILL'}";

    @Test
    void aValidMenuWithSubButtonsPasses() {
        assertDoesNotThrow(() -> MenuRules.validate(json("{'button':[" + CLICK
                + ",{'name':'服务','sub_button':[{'type':'view','name':'网上营业厅','url':'https://example.com/h5'},"
                + CLICK + "]},{'type':'view','name':'官网','url':'http://example.com','sub_button':[]}]}")));
    }

    @Test
    void menuRulesAnswerWeChatsErrcodes() {
        errcode(47001, () -> MenuRules.validate(json("{'button':{}}")));
        errcode(40016, () -> MenuRules.validate(json("{'button':[]}")));
        errcode(
                40016,
                () -> MenuRules.validate(json("{'button':[" + CLICK + "," + CLICK + "," + CLICK + "," + CLICK + "]}")));
        errcode(40018, () -> MenuRules.validate(json("{'button':[{'type':'click','name':'一二三四五六','key':'K'}]}")));
        errcode(40017, () -> MenuRules.validate(json("{'button':[{'type':'tap','name':'A','key':'K'}]}")));
        errcode(40019, () -> MenuRules.validate(json("{'button':[{'type':'click','name':'A'}]}")));
        errcode(40055, () -> MenuRules.validate(json("{'button':[{'type':'view','name':'A','url':'ftp://x'}]}")));
        errcode(40023, () -> MenuRules.validate(json("{'button':[{'name':'A','sub_button':[]}]}")));
        errcode(
                40023,
                () -> MenuRules.validate(json("{'button':[{'name':'A','sub_button':[" + CLICK + "," + CLICK + ","
                        + CLICK + "," + CLICK + "," + CLICK + "," + CLICK + "]}]}")));
        errcode(
                40025,
                () -> MenuRules.validate(json("{'button':[{'name':'A','sub_button':[{'type':'click','name':'"
                        + "字".repeat(21) + "','key':'K'}]}]}")));
        errcode(40024, () -> MenuRules.validate(json("{'button':[{'name':'A','sub_button':[{'name':'B'}]}]}")));
        errcode(
                40026,
                () -> MenuRules.validate(json("{'button':[{'name':'A','sub_button':[{'type':'click','name':'B',"
                        + "'key':'" + "k".repeat(129) + "'}]}]}")));
        errcode(
                40054,
                () -> MenuRules.validate(json("{'button':[{'name':'A','sub_button':[{'type':'view','name':'B',"
                        + "'url':'javascript:alert(1)'}]}]}")));
        errcode(40007, () -> MenuRules.validate(json("{'button':[{'type':'media_id','name':'A'}]}")));
    }

    @Test
    void bodiesThatAreNotOneJsonObjectAre47001Or44002() {
        errcode(44002, () -> MessageRules.body(""));
        errcode(47001, () -> MessageRules.body("{\"touser\":"));
        errcode(47001, () -> MessageRules.body("[1]"));
        errcode(47001, () -> MessageRules.body("{} {}"));
    }

    @Test
    void kfMessagesAreCheckedPerType() {
        MessageRules.Kf text = MessageRules.kf(json(
                "{'touser':'u1','msgtype':'text','text':{'content':'你好'}," + "'customservice':{'kf_account':'a@b'}}"));
        assertEquals("text", text.msgType());
        assertEquals("a@b", text.kfAccount());
        errcode(40003, () -> MessageRules.kf(json("{'msgtype':'text','text':{'content':'x'}}")));
        errcode(40008, () -> MessageRules.kf(json("{'touser':'u1','msgtype':'fax','fax':{}}")));
        errcode(44004, () -> MessageRules.kf(json("{'touser':'u1','msgtype':'text','text':{'content':' '}}")));
        errcode(47001, () -> MessageRules.kf(json("{'touser':'u1','msgtype':'text'}")));
        errcode(40007, () -> MessageRules.kf(json("{'touser':'u1','msgtype':'image','image':{}}")));
        errcode(44003, () -> MessageRules.kf(json("{'touser':'u1','msgtype':'news','news':{'articles':[]}}")));
        errcode(
                45008,
                () -> MessageRules.kf(json("{'touser':'u1','msgtype':'news','news':{'articles':["
                        + "{'title':'a','url':'http://a'},{'title':'b','url':'http://b'}]}}")));
        errcode(
                47001,
                () -> MessageRules.kf(json("{'touser':'u1','msgtype':'msgmenu','msgmenu':{'list':[{'id':'1'}]}}")));
        assertDoesNotThrow(() -> MessageRules.kf(json("{'touser':'u1','msgtype':'msgmenu','msgmenu':{'head_content':"
                + "'满意吗','list':[{'id':'101','content':'满意'},{'id':'102','content':'不满意'}]}}")));
        assertDoesNotThrow(() -> MessageRules.kf(json("{'touser':'u1','msgtype':'music','music':{'musicurl':"
                + "'http://m','hqmusicurl':'http://h','thumb_media_id':'T'}}")));
    }

    @Test
    void templateMessagesNeedAnIdAndWellFormedData() {
        assertEquals(
                "TPL_1",
                MessageRules.template(json("{'touser':'u','template_id':'TPL_1','data':{'first':{'value':'话费'}}}"))
                        .templateId());
        errcode(40037, () -> MessageRules.template(json("{'touser':'u','template_id':''}")));
        errcode(40037, () -> MessageRules.template(json("{'touser':'u','template_id':'a b'}")));
        errcode(40003, () -> MessageRules.template(json("{'template_id':'T'}")));
        errcode(47001, () -> MessageRules.template(json("{'touser':'u','template_id':'T','data':{'x':'y'}}")));
        errcode(47001, () -> MessageRules.template(json("{'touser':'u','template_id':'T','url':'file:///etc'}")));
    }

    @Test
    void mediaIsCheckedByTypeNameSizeAndContent() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a};
        byte[] jpg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0};
        assertDoesNotThrow(() -> MediaRules.check("image", "a.PNG", 1000, png));
        assertDoesNotThrow(() -> MediaRules.check("thumb", "t.jpg", 64 << 10, jpg));
        assertDoesNotThrow(() -> MediaRules.check("voice", "v.amr", 2 << 20, new byte[8]));
        errcode(40004, () -> MediaRules.check("file", "a.png", 10, png));
        errcode(40005, () -> MediaRules.check("image", "a.exe", 10, png));
        errcode(40005, () -> MediaRules.check("image", "a.png", 10, jpg));
        errcode(40009, () -> MediaRules.check("image", "a.png", (10 << 20) + 1, png));
        errcode(40009, () -> MediaRules.check("image", "a.png", 0, png));
        errcode(40010, () -> MediaRules.check("voice", "v.mp3", (2 << 20) + 1, new byte[8]));
        errcode(40011, () -> MediaRules.check("video", "v.mp4", (10 << 20) + 1, new byte[8]));
        errcode(40012, () -> MediaRules.check("thumb", "t.jpg", (64 << 10) + 1, jpg));
    }

    @Test
    void qrCodesAreTemporaryOrPermanentWithAScene() {
        QrRules.Qr temp = QrRules.check(
                json("{'expire_seconds':604800,'action_name':'QR_SCENE','action_info':{'scene':{'scene_id':123}}}"));
        assertFalse(temp.permanent());
        assertEquals(604800, temp.expireSeconds());
        assertEquals("123", temp.scene());
        QrRules.Qr perm = QrRules.check(
                json("{'action_name':'QR_LIMIT_STR_SCENE','action_info':{'scene':{'scene_str':'营业厅A'}}}"));
        assertTrue(perm.permanent());
        assertEquals("营业厅A", perm.scene());
        assertEquals(
                60,
                QrRules.check(json("{'action_name':'QR_SCENE','action_info':{'scene':{'scene_id':1}}}"))
                        .expireSeconds());
        errcode(40097, () -> QrRules.check(json("{'action_name':'QR_X','action_info':{'scene':{'scene_id':1}}}")));
        errcode(40053, () -> QrRules.check(json("{'action_name':'QR_SCENE'}")));
        errcode(
                40053,
                () -> QrRules.check(
                        json("{'action_name':'QR_LIMIT_SCENE','action_info':{'scene':{'scene_id':100001}}}")));
        errcode(
                40097,
                () -> QrRules.check(json(
                        "{'expire_seconds':2592001,'action_name':'QR_SCENE','action_info':{'scene':{'scene_id':1}}}")));
    }

    @Test
    void simulatedUsersAreDeterministicAndPerAccount() {
        String a = "wx00000000000000aa";
        String b = "wx00000000000000bb";
        String first = SimulatedUsers.openId(a, 0);
        assertEquals(28, first.length());
        assertEquals(first, SimulatedUsers.roster(a).get(0));
        assertEquals(SimulatedUsers.profile(a, first), SimulatedUsers.profile(a, first));
        assertTrue(SimulatedUsers.known(a, first));
        assertFalse(SimulatedUsers.known(b, first), "another account's OpenID is unknown (40003)");
        assertTrue(SimulatedUsers.known(b, "user1"));
        assertFalse(SimulatedUsers.known(a, "bad openid"));
        assertFalse(SimulatedUsers.known(a, null));
        assertNotEquals(SimulatedUsers.openId(a, 0), SimulatedUsers.openId(a, 1));
        SimulatedUsers.Profile p = SimulatedUsers.profile(a, "user1");
        assertTrue(p.sex() >= 0 && p.sex() <= 2);
        assertFalse(p.nickname().isEmpty());
    }

    @Test
    void configMergesPartiallyAndRefusesBadValues() {
        SandboxConfig c = SandboxConfig.DEFAULT.merge(json("{'tokenTtlSeconds':3,'errcode':45009,'errcodeCount':2}"));
        assertEquals(3, c.tokenTtlSeconds());
        assertEquals(45009, c.errcode());
        assertEquals(500, c.templateReceiptDelayMs());
        assertEquals(c, SandboxConfig.fromHash(c.toHash()));
        SandboxConfig cleared = c.merge(json("{'errcode':null}"));
        assertEquals(null, cleared.errcode());
        assertThrows(IllegalArgumentException.class, () -> c.merge(json("{'errcode':40003}")));
        assertThrows(IllegalArgumentException.class, () -> c.merge(json("{'tokenTtlSeconds':0}")));
        assertThrows(IllegalArgumentException.class, () -> c.merge(json("{'failure5xxRate':1.5}")));
        assertThrows(IllegalArgumentException.class, () -> c.merge(json("{'templateOutcome':'maybe'}")));
        assertThrows(IllegalArgumentException.class, () -> c.merge(json("{'colour':'red'}")));
        assertThrows(IllegalArgumentException.class, () -> c.merge(json("{'latencyMs':'fast'}")));
    }
}
