package org.wxplatform.activity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ActivityRulesTest {

    private static final Instant T = Instant.parse("2026-12-01T00:00:00Z");

    private static ActivityDraft draft(ActivityModule module, List<PrizeDraft> prizes) {
        return new ActivityDraft(
                "  双十二抽奖 ",
                "正文",
                List.of("http://img.example/a.png"),
                module,
                Audience.ALL,
                T,
                T.plusSeconds(3600),
                prizes);
    }

    private static String refused(ActivityDraft d) {
        return assertThrows(IllegalArgumentException.class, () -> ActivityService.validate(d))
                .getMessage();
    }

    @Test
    void aGoodDraftIsTrimmedAndKept() {
        ActivityDraft d =
                ActivityService.validate(draft(ActivityModule.LOTTERY, List.of(new PrizeDraft(" 1GB ", 5, 100))));
        assertEquals("双十二抽奖", d.title());
        assertEquals("1GB", d.prizes().get(0).name());
    }

    @Test
    void everyBadFieldIsNamed() {
        assertTrue(refused(new ActivityDraft(
                        " ", "", List.of(), ActivityModule.SHAKE, Audience.ALL, T, T.plusSeconds(1), List.of()))
                .startsWith("title:"));
        assertTrue(refused(new ActivityDraft(
                        "a",
                        "",
                        List.of("javascript:alert(1)"),
                        ActivityModule.SHAKE,
                        Audience.ALL,
                        T,
                        T.plusSeconds(1),
                        List.of()))
                .startsWith("images[0]:"));
        assertTrue(refused(new ActivityDraft("a", "", List.of(), null, Audience.ALL, T, T.plusSeconds(1), List.of()))
                .startsWith("module:"));
        assertTrue(refused(new ActivityDraft(
                        "a", "", List.of(), ActivityModule.SHAKE, null, T, T.plusSeconds(1), List.of()))
                .startsWith("audience:"));
        assertTrue(refused(new ActivityDraft("a", "", List.of(), ActivityModule.SHAKE, Audience.ALL, T, T, List.of()))
                .startsWith("endsAt:"));
        assertTrue(refused(new ActivityDraft(
                        "a",
                        "",
                        List.of(),
                        ActivityModule.SHAKE,
                        Audience.ALL,
                        T,
                        T.plus(Duration.ofDays(400)),
                        List.of()))
                .startsWith("endsAt:"));
        assertTrue(refused(draft(ActivityModule.REDPACKET_SQUARE, List.of(new PrizeDraft("x", 1, 1))))
                .startsWith("prizes:"));
        assertTrue(refused(draft(ActivityModule.LOTTERY, List.of(new PrizeDraft("x", -1, 1))))
                .startsWith("prizes[0].stock"));
        assertTrue(refused(draft(
                        ActivityModule.LOTTERY, List.of(new PrizeDraft("x", 1, 6000), new PrizeDraft("y", 1, 5000))))
                .contains("over 10,000"));
    }

    @Test
    void aDrawLandsOnThePrizeWhoseChanceCoversIt() {
        List<Prize> prizes = List.of(new Prize(1, 0, "a", 1, 1, 100), new Prize(2, 1, "b", 1, 1, 900));
        assertEquals(Optional.of(prizes.get(0)), ActivityService.land(prizes, 0));
        assertEquals(Optional.of(prizes.get(0)), ActivityService.land(prizes, 99));
        assertEquals(Optional.of(prizes.get(1)), ActivityService.land(prizes, 100));
        assertEquals(Optional.of(prizes.get(1)), ActivityService.land(prizes, 999));
        assertEquals(Optional.empty(), ActivityService.land(prizes, 1000));
        assertEquals(Optional.empty(), ActivityService.land(prizes, 9999));
    }

    @Test
    void aPublishedActivityOpensAndEndsWithItsWindow() {
        Activity a = new Activity(
                1,
                "wx",
                "t",
                "",
                List.of(),
                ActivityModule.LOTTERY,
                Audience.ALL,
                T,
                T.plusSeconds(60),
                ActivityState.PUBLISHED,
                List.of(),
                "op",
                T,
                T,
                T,
                null);
        assertEquals(Activity.Phase.NOT_STARTED, a.phase(T.minusSeconds(1)));
        assertEquals(Activity.Phase.OPEN, a.phase(T));
        assertEquals(Activity.Phase.ENDED, a.phase(T.plusSeconds(60)));
    }
}
