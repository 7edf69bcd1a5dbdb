package org.wxplatform.account.menu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.Json;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wxplatform.account.wechat.MenuButton;

/** WeChat's menu rules, each failure naming its field. */
class MenuDraftTest {

    private static List<MenuButton> parse(String json) {
        return MenuDraft.parse(
                Json.createReader(new StringReader(json.replace('\'', '"'))).readValue());
    }

    private static String refused(String json) {
        return assertThrows(IllegalArgumentException.class, () -> parse(json)).getMessage();
    }

    private static String click(String name, String key) {
        return "{'type':'click','name':'" + name + "','key':'" + key + "'}";
    }

    private static String menu(String... buttons) {
        return "{'button':[" + String.join(",", buttons) + "]}";
    }

    private static String parent(String name, String... subs) {
        return "{'name':'" + name + "','sub_button':[" + String.join(",", subs) + "]}";
    }

    @Test
    void aFullMenuOfEveryTypeIsTaken() {
        List<MenuButton> m = parse(menu(
                parent(
                        "查询",
                        click("话费", "BILL"),
                        "{'type':'view','name':'网厅','url':'https://example.com/hall'}",
                        "{'type':'scancode_push','name':'扫码','key':'SCAN1'}",
                        "{'type':'scancode_waitmsg','name':'扫码等','key':'SCAN2'}",
                        "{'type':'location_select','name':'位置','key':'LOC'}"),
                parent(
                        "发图",
                        "{'type':'pic_sysphoto','name':'拍照','key':'P1'}",
                        "{'type':'pic_photo_or_album','name':'相册','key':'P2'}",
                        "{'type':'pic_weixin','name':'微信相册','key':'P3'}"),
                click("流量", "DATA")));
        assertEquals(3, m.size());
        assertEquals(5, m.get(0).subButtons().size());
        assertEquals("https://example.com/hall", m.get(0).subButtons().get(1).url());
        // the stored form is WeChat's JSON and reads back to the same menu
        assertEquals(m, MenuDraft.parse(MenuDraft.json(m)));
    }

    @Test
    void topNamesAreAtMost16BytesSoSixChineseCharactersDoNotFit() {
        parse(menu(click("一二三四", "K"))); // 12 bytes
        parse(menu(click("abcdefghijklmnop", "K"))); // 16 bytes
        parse(menu(click("一二三四5678", "K"))); // 16 bytes
        assertEquals(
                "button[0].name: at most 16 bytes, got 17 (a Chinese character is 3)",
                refused(menu(click("abcdefghijklmnopq", "K"))));
        assertEquals(
                "button[1].name: at most 16 bytes, got 18 (a Chinese character is 3)",
                refused(menu(click("好", "A"), click("一二三四五六", "K"))));
        parse(menu(click("一二三四五", "K"))); // 15 bytes: five characters fit, six do not
    }

    @Test
    void subNamesAreAtMost60Bytes() {
        String twenty = "一二三四五六七八九十一二三四五六七八九十"; // 60 bytes
        parse(menu(parent("服务", click(twenty, "K"))));
        assertEquals(
                "button[1].sub_button[2].name: at most 60 bytes, got 63 (a Chinese character is 3)",
                refused(menu(
                        click("一", "A"), parent("服务", click("x", "B"), click("y", "C"), click(twenty + "多", "K")))));
        assertEquals("button[0].sub_button[0].name: required", refused(menu(parent("服务", click(" ", "K")))));
    }

    @Test
    void oneToThreeTopButtonsAndAtMostFiveSubButtons() {
        assertEquals("button: 1 to 3 buttons, got 0", refused("{'button':[]}"));
        assertEquals(
                "button: 1 to 3 buttons, got 4",
                refused(menu(click("a", "1"), click("b", "2"), click("c", "3"), click("d", "4"))));
        assertEquals("button: an array of 1 to 3 buttons is required", refused("{'menu':[]}"));
        assertEquals("button: a JSON object {\"button\": [...]} is required", refused("[1]"));
        assertEquals(
                "button[0].sub_button: at most 5 sub-buttons, got 6",
                refused(menu(parent(
                        "多",
                        click("1", "1"),
                        click("2", "2"),
                        click("3", "3"),
                        click("4", "4"),
                        click("5", "5"),
                        click("6", "6")))));
        assertEquals(
                "button[0].sub_button[0].sub_button: menus have two levels only",
                refused(menu(
                        parent("a", "{'name':'b','type':'click','key':'k','sub_button':[" + click("c", "d") + "]}"))));
        // an empty sub_button list is a plain button (WeChat's own menu/get answers it so)
        parse(menu("{'type':'click','name':'a','key':'k','sub_button':[]}"));
    }

    @Test
    void aButtonWithSubButtonsHasNoTypeAndOthersNeedOne() {
        assertEquals(
                "button[0].type: a button with sub-buttons has no type",
                refused(menu("{'type':'click','name':'a','key':'k','sub_button':[" + click("b", "c") + "]}")));
        assertEquals(
                "button[0].type: required (or sub_button), one of click, view, scancode_push, scancode_waitmsg,"
                        + " pic_sysphoto, pic_photo_or_album, pic_weixin, location_select",
                refused(menu("{'name':'a'}")));
        assertEquals(
                "button[0].sub_button[0].type: one of click, view, scancode_push, scancode_waitmsg,"
                        + " pic_sysphoto, pic_photo_or_album, pic_weixin, location_select",
                refused(menu(parent("a", "{'type':'media_id','name':'b'}"))));
        assertEquals("button[0].name: must be a string", refused(menu("{'type':'click','name':5,'key':'k'}")));
        assertEquals("button[0]: must be an object", refused("{'button':['x']}"));
    }

    @Test
    void keyedTypesNeedAKeyOf1To128BytesUniqueInTheMenu() {
        for (String type : List.of(
                "click",
                "scancode_push",
                "scancode_waitmsg",
                "pic_sysphoto",
                "pic_photo_or_album",
                "pic_weixin",
                "location_select")) {
            assertEquals(
                    "button[0].key: required for " + type + " (1 to 128 bytes)",
                    refused(menu("{'type':'" + type + "','name':'a'}")));
        }
        parse(menu(click("a", "k".repeat(128))));
        assertEquals("button[0].key: at most 128 bytes, got 129", refused(menu(click("a", "k".repeat(129)))));
        assertEquals("button[0].key: at most 128 bytes, got 129", refused(menu(click("a", "键".repeat(43)))));
        assertEquals(
                "button[1].sub_button[0].key: 'BILL' is already the key of button[0]",
                refused(menu(click("a", "BILL"), parent("b", "{'type':'pic_weixin','name':'c','key':'BILL'}"))));
    }

    @Test
    void viewNeedsAnHttpUrlOfAtMost1024Bytes() {
        assertEquals("button[0].url: required for view (an http(s) URL)", refused(menu("{'type':'view','name':'a'}")));
        assertEquals(
                "button[0].url: an http:// or https:// URL without spaces",
                refused(menu("{'type':'view','name':'a','url':'javascript:alert(1)'}")));
        String url = "https://example.com/" + "a".repeat(1004);
        parse(menu("{'type':'view','name':'a','url':'" + url + "'}"));
        assertEquals(
                "button[0].url: at most 1024 bytes, got 1025",
                refused(menu("{'type':'view','name':'a','url':'" + url + "b'}")));
    }
}
