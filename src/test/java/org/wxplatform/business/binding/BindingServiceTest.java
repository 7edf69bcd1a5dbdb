package org.wxplatform.business.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.wxplatform.business.FakeCarrier;
import org.wxplatform.business.binding.BindResult.Outcome;
import org.wxplatform.business.binding.BindingRepository.Channel;

class BindingServiceTest {

    static final String APP = "wx0000000000000001";
    final FakeCarrier carrier = new FakeCarrier();
    final InMemoryBindings store = new InMemoryBindings();
    final BindingService service = InMemoryBindings.service(carrier, store);

    @Test
    void aRightCodeBindsAndIsCached() {
        assertEquals(
                Outcome.CODE_SENT,
                service.requestCode(APP, "o1", "+86 138-0013-8001").outcome());
        assertEquals(Optional.of("13800138001"), service.pendingPhone(APP, "o1"));
        BindResult r = service.confirm(APP, "o1", carrier.codes.get("13800138001"), Channel.WECHAT);
        assertEquals(Outcome.BOUND, r.outcome());
        assertEquals("13800138001", r.phone());
        assertEquals(Optional.of("13800138001"), service.phoneOf(APP, "o1"));
        assertEquals("13800138001", store.cache.get(APP + ":o1"), "the write replaced the cached value");
        assertEquals(Optional.empty(), service.pendingPhone(APP, "o1"), "the code is used up");
        assertEquals(
                Outcome.ALREADY_BOUND,
                service.requestCode(APP, "o1", "13800138002").outcome());
    }

    @Test
    void fiveWrongCodesVoidTheCode() {
        service.requestCode(APP, "o1", "13800138001");
        String right = carrier.codes.get("13800138001");
        String wrong = right.equals("000000") ? "111111" : "000000";
        for (int left = 4; left >= 1; left--) {
            BindResult r = service.confirm(APP, "o1", wrong, Channel.WECHAT);
            assertEquals(Outcome.WRONG_CODE, r.outcome());
            assertEquals(left, r.attemptsLeft());
        }
        assertEquals(
                Outcome.TOO_MANY_ATTEMPTS,
                service.confirm(APP, "o1", wrong, Channel.WECHAT).outcome());
        assertEquals(
                Outcome.NO_PENDING_CODE,
                service.confirm(APP, "o1", right, Channel.WECHAT).outcome(),
                "even the right code is refused now: a new one must be asked for");
        assertEquals(Optional.empty(), service.phoneOf(APP, "o1"));
    }

    @Test
    void malformedCodesAreNotCountedAsAttempts() {
        service.requestCode(APP, "o1", "13800138001");
        for (int i = 0; i < 10; i++) {
            assertEquals(
                    Outcome.INVALID_CODE_FORMAT,
                    service.confirm(APP, "o1", "12ab", Channel.H5).outcome());
        }
        assertEquals(
                Outcome.BOUND,
                service.confirm(APP, "o1", carrier.codes.get("13800138001"), Channel.H5)
                        .outcome());
    }

    @Test
    void carrierRefusalsAndFailuresAreNamed() {
        assertEquals(
                Outcome.INVALID_NUMBER, service.requestCode(APP, "o1", "12345").outcome());
        assertEquals(
                Outcome.UNKNOWN_NUMBER,
                service.requestCode(APP, "o1", "13800000000").outcome());
        assertEquals(
                Outcome.CODE_SENT, service.requestCode(APP, "o1", "13800138001").outcome());
        assertEquals(
                Outcome.TOO_FREQUENT,
                service.requestCode(APP, "o1", "13800138001").outcome());
        carrier.down = true;
        carrier.expireCodeWindow();
        assertEquals(
                Outcome.UNAVAILABLE,
                service.requestCode(APP, "o2", "13800138002").outcome());
        assertEquals(
                Outcome.UNAVAILABLE,
                service.confirm(APP, "o1", "123456", Channel.WECHAT).outcome());
        carrier.down = false;
        assertEquals(
                Outcome.BOUND,
                service.confirm(APP, "o1", carrier.codes.get("13800138001"), Channel.WECHAT)
                        .outcome(),
                "an attempt the carrier did not check is not counted");
        store.stateDown = true;
        assertEquals(
                Outcome.UNAVAILABLE,
                service.requestCode(APP, "o3", "13800138003").outcome());
    }

    @Test
    void codeRequestsPerHourAreLimited() {
        for (int i = 1; i <= 5; i++) {
            carrier.expireCodeWindow();
            assertEquals(
                    Outcome.CODE_SENT,
                    service.requestCode(APP, "o1", "1380013800" + i).outcome());
        }
        carrier.expireCodeWindow();
        assertEquals(
                Outcome.TOO_FREQUENT,
                service.requestCode(APP, "o1", "13800138009").outcome());
        assertEquals(
                Outcome.CODE_SENT, service.requestCode(APP, "o2", "13800138009").outcome(), "per subscriber");
    }

    @Test
    void oneNumberIsProtectedHoweverManySubscribersAsk() {
        String victim = "13800138007";
        for (int i = 1; i <= 5; i++) {
            carrier.expireCodeWindow();
            assertEquals(
                    Outcome.CODE_SENT,
                    service.requestCode(APP, "oBomb" + i, victim).outcome(),
                    "code " + i);
        }
        carrier.expireCodeWindow();
        assertEquals(
                Outcome.TOO_FREQUENT,
                service.requestCode("wx0000000000000002", "oBomb6", victim).outcome(),
                "a sixth code for the number in the hour, from another subscriber of another account");
        assertEquals(Integer.valueOf(5), carrier.codesSent.get(victim), "the number got five SMS, no more");
    }

    @Test
    void guessesAtOneNumbersCodeAreCappedAcrossSubscribers() {
        String victim = "13800138008";
        // the carrier's code belongs to the number: subscribers who each asked for it share its guesses
        for (int i = 1; i <= 3; i++) {
            carrier.expireCodeWindow();
            service.requestCode(APP, "oGuess" + i, victim);
        }
        String right = carrier.codes.get(victim);
        String wrong = right.equals("000000") ? "111111" : "000000";
        int checked = 0;
        for (int i = 1; i <= 3; i++) {
            for (int t = 0; t < 4; t++) {
                Outcome o =
                        service.confirm(APP, "oGuess" + i, wrong, Channel.H5).outcome();
                if (o == Outcome.WRONG_CODE) {
                    checked++;
                } else {
                    // refused, and the subscriber's code is void from then on
                    assertTrue(o == Outcome.TOO_MANY_ATTEMPTS || o == Outcome.NO_PENDING_CODE, o.toString());
                }
            }
        }
        assertEquals(10, checked, "ten checks of the number in the hour, not twelve");
        assertEquals(10, carrier.checks.getOrDefault(victim, 0), "the carrier was asked ten times");
        assertEquals(Optional.empty(), service.phoneOf(APP, "oGuess3"));
    }

    @Test
    void provingANumberMovesItFromAnotherSubscriberAndKeepsHistory() {
        service.requestCode(APP, "o1", "13800138001");
        service.confirm(APP, "o1", carrier.codes.get("13800138001"), Channel.WECHAT);
        carrier.expireCodeWindow();
        service.requestCode(APP, "o2", "13800138001");
        assertEquals(
                Outcome.BOUND,
                service.confirm(APP, "o2", carrier.codes.get("13800138001"), Channel.H5)
                        .outcome());
        assertEquals(Optional.empty(), service.phoneOf(APP, "o1"), "o1's cached binding was replaced");
        assertEquals(Optional.of("13800138001"), service.phoneOf(APP, "o2"));
        assertEquals("REBOUND", store.rows.get(0).endReason());

        assertTrue(service.unbind(APP, "o2", Channel.WECHAT).isPresent());
        assertEquals(Optional.empty(), service.phoneOf(APP, "o2"));
        assertFalse(service.unbind(APP, "o2", Channel.WECHAT).isPresent());
        assertEquals(2, store.rows.size(), "history kept");
        assertEquals("UNBIND_WECHAT", store.rows.get(1).endReason());
    }

    @Test
    void phonesAreNormalizedAndMasked() {
        assertEquals(Optional.of("13800138000"), Phones.normalize(" 138 0013 8000 "));
        assertEquals(Optional.of("13800138000"), Phones.normalize("8613800138000"));
        assertEquals(Optional.empty(), Phones.normalize("12800138000"));
        assertEquals(Optional.empty(), Phones.normalize("1380013800"));
        assertEquals("138****8000", Phones.mask("13800138000"));
        assertEquals("***", Phones.mask("123"));
    }
}
