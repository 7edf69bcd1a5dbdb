package org.wxplatform.sandbox.wechat.api;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;

/**
 * The template library of an account as {@code /cgi-bin/template/get_all_private_template} answers it:
 * WeChat's current format, whose keyword fields are typed ({@code thing1}, {@code time2},
 * {@code character_string4} ...). An account nobody configured has two templates of a carrier's
 * account; {@code PUT /sandbox/wechat/control/{appid}/templates} replaces them.
 */
public final class SandboxTemplates {

    /** The template the sandbox gives every account: a carrier's "business done" notice. */
    public static final String BUSINESS_DONE = "sbxBusinessDone0000000000000000000000000001";

    public static final String DATA_LOW = "sbxDataBalanceLow000000000000000000000000002";

    private SandboxTemplates() {}

    static JsonArray defaults() {
        JsonArrayBuilder list = Json.createArrayBuilder();
        list.add(template(
                BUSINESS_DONE,
                "业务办理成功通知",
                "业务名称：{{thing1.DATA}}\n办理时间：{{time2.DATA}}\n手机号码：{{phone_number3.DATA}}\n"
                        + "订单编号：{{character_string4.DATA}}\n办理状态：{{phrase5.DATA}}",
                "业务名称：10元100M流量包\n办理时间：2026年12月3日 15:01\n手机号码：138****8000\n" + "订单编号：TX202612030001\n办理状态：已生效"));
        list.add(template(
                DATA_LOW,
                "流量余额提醒",
                "套餐名称：{{thing1.DATA}}\n剩余流量：{{character_string2.DATA}}\n统计时间：{{time3.DATA}}\n" + "温馨提示：{{thing4.DATA}}",
                "套餐名称：畅享套餐\n剩余流量：120MB\n统计时间：2026年12月3日 08:00\n温馨提示：回复「流量」订购流量包"));
        return list.build();
    }

    private static JsonObject template(String id, String title, String content, String example) {
        return Json.createObjectBuilder()
                .add("template_id", id)
                .add("title", title)
                .add("primary_industry", "IT科技")
                .add("deputy_industry", "通信与运营商")
                .add("content", content)
                .add("example", example)
                .build();
    }

    static JsonArray list(SandboxState state, String appId) {
        return state.templateList(appId)
                .map(json -> Json.createReader(new StringReader(json)).readArray())
                .orElseGet(SandboxTemplates::defaults);
    }

    /**
     * Checks a library set through the control API: an array of objects with a {@code template_id} of
     * WeChat's form, a {@code title} and a {@code content}.
     */
    static JsonArray check(JsonArray list) {
        if (list.size() > 50) {
            throw new IllegalArgumentException("at most 50 templates (WeChat's limit)");
        }
        for (JsonValue v : list) {
            if (v.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new IllegalArgumentException("each template is an object");
            }
            JsonObject t = v.asJsonObject();
            String id = t.getString("template_id", "");
            if (!id.matches("[0-9A-Za-z_\\-]{1,64}")) {
                throw new IllegalArgumentException("template_id must be 1-64 letters, digits, '_' or '-'");
            }
            if (t.getString("title", "").isBlank() || t.getString("content", "").isBlank()) {
                throw new IllegalArgumentException("each template needs a title and a content");
            }
        }
        return list;
    }
}
