package org.wxplatform.sandbox.wechat.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** WeChat's errcodes for what the user-tag API is sent. */
class TagRulesTest {

    static final String APPID = "wx1111111111111111";

    static int errcode(Runnable r) {
        return assertThrows(ApiFailure.class, r::run).errcode();
    }

    static JsonObject json(String s) {
        return MessageRules.body(s);
    }

    @Test
    void aTagNameIsOneTo30BytesOfUtf8() {
        assertEquals("广东", TagRules.name(json("{\"tag\":{\"name\":\" 广东 \"}}")));
        assertEquals("一二三四五六七八九十", TagRules.name(json("{\"tag\":{\"name\":\"一二三四五六七八九十\"}}")), "30 bytes");
        assertEquals(45158, errcode(() -> TagRules.name(json("{\"tag\":{\"name\":\"一二三四五六七八九十1\"}}"))));
        assertEquals(45158, errcode(() -> TagRules.name(json("{\"tag\":{\"name\":\"" + "a".repeat(31) + "\"}}"))));
        assertEquals(45157, errcode(() -> TagRules.name(json("{\"tag\":{\"name\":\"  \"}}"))));
        assertEquals(45157, errcode(() -> TagRules.name(json("{\"tag\":{\"name\":3}}"))));
        assertEquals(47001, errcode(() -> TagRules.name(json("{\"name\":\"x\"}"))));
    }

    @Test
    void aBatchHoldsOneTo50OpenidsOfThisAccountAndATagId() {
        String mine = SimulatedUsers.openId(APPID, 0);
        String theirs = SimulatedUsers.openId("wx2222222222222222", 0);
        assertEquals(
                new TagRules.Batch(101, List.of(mine, "user1")),
                TagRules.batch(
                        APPID, json("{\"openid_list\":[\"" + mine + "\",\"user1\",\"" + mine + "\"],\"tagid\":101}")));
        assertEquals(40032, errcode(() -> TagRules.batch(APPID, json("{\"openid_list\":[],\"tagid\":101}"))));
        assertEquals(40032, errcode(() -> TagRules.batch(APPID, json("{\"tagid\":101}"))));
        StringBuilder many = new StringBuilder("{\"tagid\":101,\"openid_list\":[");
        for (int i = 0; i < 51; i++) {
            many.append(i == 0 ? "" : ",").append("\"u").append(i).append('"');
        }
        assertEquals(40032, errcode(() -> TagRules.batch(APPID, json(many + "]}"))));
        assertEquals(45159, errcode(() -> TagRules.batch(APPID, json("{\"openid_list\":[\"user1\"]}"))));
        assertEquals(
                45159, errcode(() -> TagRules.batch(APPID, json("{\"openid_list\":[\"user1\"],\"tagid\":\"101\"}"))));
        assertEquals(45159, errcode(() -> TagRules.batch(APPID, json("{\"openid_list\":[\"user1\"],\"tagid\":1.5}"))));
        assertEquals(
                40003, errcode(() -> TagRules.batch(APPID, json("{\"openid_list\":[\"bad id!\"],\"tagid\":101}"))));
        assertEquals(40003, errcode(() -> TagRules.batch(APPID, json("{\"openid_list\":[7],\"tagid\":101}"))));
        assertEquals(
                49003,
                errcode(() -> TagRules.batch(APPID, json("{\"openid_list\":[\"" + theirs + "\"],\"tagid\":101}"))));
    }

    @Test
    void getidlistNamesOneOpenidOfThisAccount() {
        assertEquals("user1", TagRules.openid(APPID, json("{\"openid\":\"user1\"}")));
        assertEquals(40003, errcode(() -> TagRules.openid(APPID, json("{}"))));
        assertEquals(40003, errcode(() -> TagRules.openid(APPID, json("{\"openid\":\"a b\"}"))));
        assertEquals(
                49003,
                errcode(() -> TagRules.openid(
                        APPID, json("{\"openid\":\"" + SimulatedUsers.openId("wx3333333333333333", 1) + "\"}"))));
    }
}
