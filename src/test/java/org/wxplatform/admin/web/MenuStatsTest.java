package org.wxplatform.admin.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wxplatform.account.wechat.MenuButton;
import org.wxplatform.log.user.MenuClicks;

/** Shares, daily curves, idle and non-countable buttons from a menu and its daily counters. */
class MenuStatsTest {

    static final List<MenuButton> MENU = List.of(
            MenuButton.click("查话费", "BILL"),
            MenuButton.parent(
                    "服务", List.of(MenuButton.view("网厅", "https://example.com/hall"), MenuButton.click("客服", "KF"))));
    static final LocalDate D1 = LocalDate.of(2026, 11, 1);

    @Test
    void sharesAndDailyCurvesPerButton() {
        List<MenuClicks.Daily> counts = List.of(
                new MenuClicks.Daily(D1, "CLICK", "BILL", 3),
                new MenuClicks.Daily(D1.plusDays(2), "CLICK", "BILL", 3),
                new MenuClicks.Daily(D1.plusDays(1), "VIEW", "https://example.com/hall", 2),
                new MenuClicks.Daily(D1, "CLICK", "NOT_IN_MENU", 50));
        MenuStats.Stats s = MenuStats.build(MENU, D1, D1.plusDays(6), counts);
        assertEquals(7, s.days().size());
        assertEquals("2026-11-01", s.days().get(0));
        assertEquals(4, s.buttons().size());
        MenuStats.ButtonStats bill = s.buttons().get(0);
        assertEquals(6, bill.total());
        assertEquals(0.75, bill.share());
        assertEquals(List.of(3L, 0L, 3L, 0L, 0L, 0L, 0L), bill.daily());
        MenuStats.ButtonStats parent = s.buttons().get(1);
        assertFalse(parent.countable(), "a parent sends no event");
        assertFalse(parent.idle());
        MenuStats.ButtonStats hall = s.buttons().get(2);
        assertEquals("https://example.com/hall", hall.key());
        assertEquals("button[1].sub_button[0]", hall.path());
        assertEquals(0.25, hall.share());
        MenuStats.ButtonStats kf = s.buttons().get(3);
        assertTrue(kf.countable());
        assertTrue(kf.idle(), "no click in 7 days: a candidate to merge");
    }

    @Test
    void aRangeShorterThanAWeekMarksNothingIdle() {
        MenuStats.Stats s = MenuStats.build(MENU, D1, D1.plusDays(5), List.of());
        assertTrue(s.buttons().stream().noneMatch(MenuStats.ButtonStats::idle));
        assertTrue(s.buttons().stream().allMatch(b -> b.share() == 0));
        assertEquals(
                List.of(
                        new MenuClicks.Click("CLICK", "BILL"),
                        new MenuClicks.Click("VIEW", "https://example.com/hall"),
                        new MenuClicks.Click("CLICK", "KF")),
                MenuStats.clicks(MENU));
    }
}
