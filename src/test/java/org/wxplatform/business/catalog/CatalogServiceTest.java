package org.wxplatform.business.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.wxplatform.business.FakeCarrier;
import org.wxplatform.business.binding.BindingRepository.Channel;
import org.wxplatform.business.binding.BindingService;
import org.wxplatform.business.binding.BindingTexts;
import org.wxplatform.business.binding.InMemoryBindings;
import org.wxplatform.business.carrier.OrderKind;
import org.wxplatform.business.query.QueryFixtures;
import org.wxplatform.business.transaction.TransactionRequest;
import org.wxplatform.message.xml.InboundMessage;
import org.wxplatform.message.xml.TextReply;

class CatalogServiceTest {

    static final String APP = "wx0000000000000001";
    final FakeCarrier carrier = new FakeCarrier();
    final BindingService bindings = InMemoryBindings.service(carrier, new InMemoryBindings());
    final List<TransactionRequest> submitted = new ArrayList<>();
    final CatalogResponder responder = new CatalogResponder();

    CatalogServiceTest() {
        CatalogService service = new CatalogService();
        service.intake = r -> {
            submitted.add(r);
            return "已受理：" + r.title();
        };
        service.repository = new CatalogRepository() {
            @Override
            public Catalog load() {
                return ShippedCatalog.load();
            }
        };
        service.bindings = bindings;
        service.queries = new QueryFixtures(carrier, 800).service;
        responder.catalog = service;
    }

    private void bind(String openid, String phone) {
        bindings.requestCode(APP, openid, phone);
        bindings.confirm(APP, openid, carrier.codes.get(phone), Channel.WECHAT);
    }

    private Optional<String> say(String openid, String msgId, String text) {
        return responder
                .reply(APP, new InboundMessage.Text("gh", openid, System.currentTimeMillis() / 1000, msgId, text))
                .map(r -> ((TextReply) r).content());
    }

    @Test
    void unboundSubscribersAreAskedToBindFirst() {
        assertEquals(Optional.of(BindingTexts.BIND_FIRST), say("o1", "1", "1"));
        assertEquals(Optional.of(BindingTexts.BIND_FIRST), say("o1", "2", "查话费"));
        assertEquals(0, carrier.queries.get());
        assertEquals(Optional.empty(), say("o1", "3", "你好"), "not the catalog's: left to the auto-reply");
    }

    @Test
    void boundSubscribersNavigateAndQuery() {
        bind("o1", "13800138001");
        assertTrue(say("o1", "1", "0").orElseThrow().startsWith("【业务菜单】\n1 业务查询\n2 业务办理"));
        assertTrue(say("o1", "2", "1").orElseThrow().startsWith("【业务查询】\n1.1 账单查询\n1.2 流量查询"));
        assertTrue(say("o1", "3", "1.1.2").orElseThrow().startsWith("【"), "monthly bill");
        assertTrue(say("o1", "4", "积分").orElseThrow().startsWith("【积分】138****8001"));
        String click = responder
                .onClick(APP, new InboundMessage.Click("gh", "o1", 1_700_000_000L, "QUERY_PACKAGE"))
                .map(r -> ((TextReply) r).content())
                .orElseThrow();
        assertTrue(click.startsWith("【套餐余量】"), click);
        assertTrue(responder.handles("QUERY_BILL_TODAY") && !responder.handles("BIND"));
    }

    @Test
    void aTransactionLeafGoesToTheIntakeWithTheMessageKey() {
        bind("o1", "13800138001");
        assertEquals(Optional.of("已受理：1GB月包"), say("o1", "9001", "2.1.3"));
        assertEquals(
                List.of(new TransactionRequest(
                        APP + ":9001", APP, "o1", "13800138001", OrderKind.DATA_PACKAGE, "DATA_M_1G", 0, "1GB月包")),
                submitted);
        responder.onClick(APP, new InboundMessage.Click("gh", "o1", 1_700_000_001L, "ORDER_RECHARGE_50"));
        TransactionRequest recharge = submitted.get(1);
        assertEquals(APP + ":o1#1700000001#CLICK", recharge.requestKey());
        assertEquals(OrderKind.RECHARGE, recharge.kind());
        assertEquals(5000, recharge.amountFen());
    }
}
