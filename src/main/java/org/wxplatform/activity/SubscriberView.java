package org.wxplatform.activity;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.time.Instant;

/**
 * An activity as its page shows it to a subscriber, shared by the page itself and the admin's preview
 * (so the preview is what a subscriber sees): title, text, images, module, window, phase and the prizes'
 * names (never their stock or chances).
 */
public final class SubscriberView {

    private SubscriberView() {}

    public static JsonObjectBuilder of(Activity a, Instant now) {
        JsonArrayBuilder images = Json.createArrayBuilder();
        a.images().forEach(images::add);
        JsonArrayBuilder prizes = Json.createArrayBuilder();
        a.prizes().forEach(p -> prizes.add(p.name()));
        Activity.Phase phase = a.phase(now);
        return Json.createObjectBuilder()
                .add("id", a.id())
                .add("appid", a.appid())
                .add("title", a.title())
                .add("body", a.body())
                .add("images", images)
                .add("module", a.module().name())
                .add("audience", a.audience().name())
                .add("startsAt", a.startsAt().toString())
                .add("endsAt", a.endsAt().toString())
                .add("phase", phase.name())
                .add("phaseText", ActivityTexts.closed(phase))
                .add("prizes", prizes);
    }
}
