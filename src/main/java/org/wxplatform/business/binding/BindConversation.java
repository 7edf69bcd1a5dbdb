package org.wxplatform.business.binding;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.wxplatform.business.binding.BindResult.Outcome;
import org.wxplatform.business.binding.BindingRepository.Channel;
import org.wxplatform.business.binding.BindingState.StateUnavailableException;
import org.wxplatform.business.binding.BindingState.Step;
import org.wxplatform.message.route.ClickHandler;
import org.wxplatform.message.route.TextResponder;
import org.wxplatform.message.xml.InboundMessage;
import org.wxplatform.message.xml.Reply;
import org.wxplatform.message.xml.TextReply;
import org.wxplatform.platform.config.Settings;

/**
 * Binding in the chat (SPEC §3.1): "绑定" (or the menu key {@value #BIND_KEY}) → the account asks for the
 * number → the carrier sends a code → the subscriber replies with it → bound. "解绑" (or
 * {@value #UNBIND_KEY}) unbinds.
 *
 * <p>Where the dialogue stands is kept per subscriber with a time to live ({@code
 * WXP_BIND_CONVERSATION_SECONDS}, 300). While it waits, a reply made of digits is taken as the number or
 * the code; anything else ends the dialogue and goes on to the other responders, so a subscriber who
 * changes the subject is never stuck. Runs before the catalog and the keyword auto-reply (priority
 * {@value #PRIORITY}) and claims only its own words.
 */
@ApplicationScoped
public class BindConversation implements TextResponder, ClickHandler {

    public static final int PRIORITY = 110;
    public static final String BIND_KEY = "BIND";
    public static final String UNBIND_KEY = "UNBIND";

    static final Set<String> BIND_WORDS = Set.of("绑定", "绑定手机", "绑定手机号", "绑定号码", "手机绑定", "bind");
    static final Set<String> UNBIND_WORDS = Set.of("解绑", "解除绑定", "取消绑定", "unbind");
    static final Set<String> CANCEL_WORDS = Set.of("取消", "退出");

    private static final Logger LOG = Logger.getLogger(BindConversation.class.getName());
    private static final Pattern DIGITS = Pattern.compile("[0-9+\\s\\-()]+");
    private static final Pattern CODE = Pattern.compile("\\d{6}");

    @Inject
    BindingService bindings;

    @Inject
    BindingState state;

    Duration ttl = Duration.ofSeconds(Settings.getInt("WXP_BIND_CONVERSATION_SECONDS", 300));

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public Optional<Reply> reply(String appid, InboundMessage.Text text) {
        String openid = text.fromUserName();
        String t = text.content() == null ? "" : text.content().strip();
        String word = t.toLowerCase(java.util.Locale.ROOT);
        if (BIND_WORDS.contains(word)) {
            return Optional.of(start(appid, openid));
        }
        if (UNBIND_WORDS.contains(word)) {
            return Optional.of(unbind(appid, openid));
        }
        Optional<Step> step;
        try {
            step = state.step(appid, openid);
        } catch (StateUnavailableException e) {
            return Optional.empty(); // no dialogue can be going on that we could continue
        }
        if (step.isEmpty()) {
            return Optional.empty();
        }
        if (CANCEL_WORDS.contains(word)) {
            clear(appid, openid);
            return text(BindingTexts.CANCELLED);
        }
        if (!DIGITS.matcher(t).matches()) {
            clear(appid, openid); // the subscriber changed the subject
            return Optional.empty();
        }
        if (Phones.normalize(t).isPresent()) {
            return Optional.of(sendCode(appid, openid, t));
        }
        if (step.get() == Step.CODE && CODE.matcher(t).matches()) {
            return Optional.of(confirm(appid, openid, t));
        }
        return text(
                step.get() == Step.CODE
                        ? BindingTexts.ASK_CODE_AGAIN
                        : BindingTexts.of(BindResult.of(Outcome.INVALID_NUMBER, null)));
    }

    @Override
    public boolean handles(String eventKey) {
        return BIND_KEY.equals(eventKey) || UNBIND_KEY.equals(eventKey);
    }

    @Override
    public Optional<Reply> onClick(String appid, InboundMessage.Click click) {
        return Optional.of(
                BIND_KEY.equals(click.eventKey())
                        ? start(appid, click.fromUserName())
                        : unbind(appid, click.fromUserName()));
    }

    private Reply start(String appid, String openid) {
        Optional<String> bound = bindings.phoneOf(appid, openid);
        if (bound.isPresent()) {
            clear(appid, openid);
            return new TextReply(BindingTexts.of(BindResult.of(Outcome.ALREADY_BOUND, bound.get())));
        }
        try {
            state.step(appid, openid, Step.PHONE, ttl);
        } catch (StateUnavailableException e) {
            LOG.warning(e.getMessage());
            return new TextReply(BindingTexts.of(BindResult.of(Outcome.UNAVAILABLE, null)));
        }
        return new TextReply(BindingTexts.ASK_PHONE);
    }

    private Reply sendCode(String appid, String openid, String typed) {
        BindResult r = bindings.requestCode(appid, openid, typed);
        String answer = BindingTexts.of(r);
        switch (r.outcome()) {
            case CODE_SENT:
                setStep(appid, openid, Step.CODE);
                break;
            case TOO_FREQUENT:
                if (r.phone() != null
                        && r.phone().equals(bindings.pendingPhone(appid, openid).orElse(null))) {
                    setStep(appid, openid, Step.CODE);
                    answer += "如已收到验证码，请直接回复。";
                }
                break;
            case INVALID_NUMBER:
            case UNKNOWN_NUMBER:
                setStep(appid, openid, Step.PHONE); // may type another number
                break;
            default:
                clear(appid, openid);
        }
        return new TextReply(answer);
    }

    private Reply confirm(String appid, String openid, String code) {
        BindResult r = bindings.confirm(appid, openid, code, Channel.WECHAT);
        if (r.outcome() != Outcome.WRONG_CODE && r.outcome() != Outcome.INVALID_CODE_FORMAT) {
            clear(appid, openid);
        } else {
            setStep(appid, openid, Step.CODE);
        }
        return new TextReply(BindingTexts.of(r));
    }

    private Reply unbind(String appid, String openid) {
        clear(appid, openid);
        return bindings.unbind(appid, openid, Channel.WECHAT)
                .<Reply>map(b -> new TextReply(BindingTexts.unbound(b)))
                .orElseGet(() -> new TextReply(BindingTexts.NOT_BOUND));
    }

    private void setStep(String appid, String openid, Step step) {
        try {
            state.step(appid, openid, step, ttl);
        } catch (StateUnavailableException e) {
            LOG.warning(e.getMessage());
        }
    }

    private void clear(String appid, String openid) {
        try {
            state.clearStep(appid, openid);
        } catch (StateUnavailableException e) {
            LOG.fine(e.getMessage());
        }
    }

    private static Optional<Reply> text(String s) {
        return Optional.of(new TextReply(s));
    }
}
