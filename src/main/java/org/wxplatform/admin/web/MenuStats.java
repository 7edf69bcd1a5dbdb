package org.wxplatform.admin.web;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.wxplatform.account.wechat.MenuButton;
import org.wxplatform.log.user.MenuClicks;

/**
 * The click statistics of a menu (SPEC §6.7, thesis 5.2.1), made from the menu and the daily counters
 * only: one entry per button in menu order (a parent before its sub-buttons), with its clicks per day,
 * total and share of all clicks in the range. A parent only opens its sub-menu and sends no event, so it
 * is not countable. A countable button without a click in a range of at least {@value #IDLE_DAYS} days
 * is idle: a candidate to merge into another.
 */
final class MenuStats {

    static final int IDLE_DAYS = 7;

    /** One button's figures. {@code key} is the URL for a view button, null for a parent. */
    record ButtonStats(
            String name,
            String key,
            String type,
            String path,
            boolean countable,
            long total,
            double share,
            List<Long> daily,
            boolean idle) {}

    record Stats(List<String> days, List<ButtonStats> buttons) {}

    private MenuStats() {}

    /** The clicks each button sends (for the counter lookup). */
    static List<MenuClicks.Click> clicks(List<MenuButton> menu) {
        List<MenuClicks.Click> out = new ArrayList<>();
        for (MenuButton b : flatten(menu)) {
            click(b).ifPresent(out::add);
        }
        return out;
    }

    static Stats build(List<MenuButton> menu, LocalDate from, LocalDate to, List<MenuClicks.Daily> counts) {
        List<String> days = new ArrayList<>();
        Map<LocalDate, Integer> index = new HashMap<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            index.put(d, days.size());
            days.add(d.toString());
        }
        Map<MenuClicks.Click, long[]> byClick = new HashMap<>();
        for (MenuClicks.Daily c : counts) {
            Integer i = index.get(c.day());
            if (i != null) {
                byClick.computeIfAbsent(new MenuClicks.Click(c.event(), c.key()), k -> new long[days.size()])[i] +=
                        c.clicks();
            }
        }
        List<MenuButton> buttons = flatten(menu);
        List<String> paths = paths(menu);
        long all = 0;
        for (MenuButton b : buttons) {
            long[] d = click(b).map(byClick::get).orElse(null);
            if (d != null) {
                for (long n : d) {
                    all += n;
                }
            }
        }
        List<ButtonStats> out = new ArrayList<>();
        for (int i = 0; i < buttons.size(); i++) {
            MenuButton b = buttons.get(i);
            Optional<MenuClicks.Click> click = click(b);
            long[] d = click.map(byClick::get).orElse(new long[days.size()]);
            long total = 0;
            List<Long> daily = new ArrayList<>();
            for (long n : d) {
                total += n;
                daily.add(n);
            }
            boolean countable = click.isPresent();
            double share = all == 0
                    ? 0
                    : BigDecimal.valueOf(total)
                            .divide(BigDecimal.valueOf(all), 4, RoundingMode.HALF_UP)
                            .doubleValue();
            out.add(new ButtonStats(
                    b.name(),
                    click.map(MenuClicks.Click::key).orElse(null),
                    b.type(),
                    paths.get(i),
                    countable,
                    total,
                    share,
                    countable ? daily : List.of(),
                    countable && total == 0 && days.size() >= IDLE_DAYS));
        }
        return new Stats(days, out);
    }

    private static Optional<MenuClicks.Click> click(MenuButton b) {
        if (!b.subButtons().isEmpty()) {
            return Optional.empty();
        }
        return MenuClicks.eventOf(b.type())
                .map(event -> new MenuClicks.Click(event, "view".equals(b.type()) ? b.url() : b.key()));
    }

    private static List<MenuButton> flatten(List<MenuButton> menu) {
        List<MenuButton> out = new ArrayList<>();
        for (MenuButton b : menu) {
            out.add(b);
            out.addAll(b.subButtons());
        }
        return out;
    }

    private static List<String> paths(List<MenuButton> menu) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < menu.size(); i++) {
            out.add("button[" + i + "]");
            for (int j = 0; j < menu.get(i).subButtons().size(); j++) {
                out.add("button[" + i + "].sub_button[" + j + "]");
            }
        }
        return out;
    }
}
