package org.wxplatform.business.binding;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.wxplatform.business.binding.BindResult.Outcome;
import org.wxplatform.business.binding.BindingRepository.Channel;
import org.wxplatform.business.binding.BindingState.Pending;
import org.wxplatform.business.binding.BindingState.StateUnavailableException;
import org.wxplatform.business.carrier.CarrierException;
import org.wxplatform.business.carrier.CarrierFault;
import org.wxplatform.business.carrier.CarrierVerification;
import org.wxplatform.platform.config.Settings;

/**
 * Binding of a subscriber to a phone number (SPEC §3.1), the one write path of the {@code bind} table
 * and the read every business function starts with.
 *
 * <p>Binding takes two steps: {@link #requestCode} asks the carrier to send an SMS code to the number
 * (at most {@code WXP_BIND_CODES_PER_HOUR} requests per subscriber and hour, and {@code
 * WXP_BIND_CODES_PER_PHONE_HOUR} per number and hour over all accounts and subscribers, against SMS bombing
 * of other people's numbers; the carrier itself refuses a second code within 60 s), and {@link #confirm}
 * checks the code the subscriber typed with the carrier. Attempts are counted atomically before the carrier
 * checks them, so parallel guesses cannot exceed {@code WXP_BIND_MAX_ATTEMPTS} (5) per subscriber: the last
 * wrong one voids the code; and since the carrier's code belongs to the number, not to the subscriber, the
 * checks of one number are capped at {@code WXP_BIND_CHECKS_PER_PHONE_HOUR} (10) per hour however many
 * subscribers ask (many accounts cannot share out guesses). A code is usable for {@code
 * WXP_BIND_CODE_SECONDS} (300).
 *
 * <p>{@link #current} reads through a Redis cache ({@code WXP_BIND_CACHE_SECONDS}, 3600); every write
 * replaces the cached value after its commit, so a reader that raced with it cannot leave a stale one.
 */
@ApplicationScoped
public class BindingService {

    private static final Logger LOG = Logger.getLogger(BindingService.class.getName());
    private static final Pattern CODE = Pattern.compile("\\d{6}");

    @Inject
    BindingRepository repository;

    @Inject
    BindingState state;

    @Inject
    CarrierVerification carrier;

    int maxAttempts = Settings.getInt("WXP_BIND_MAX_ATTEMPTS", 5);
    int codesPerHour = Settings.getInt("WXP_BIND_CODES_PER_HOUR", 5);
    int codesPerPhoneHour = Settings.getInt("WXP_BIND_CODES_PER_PHONE_HOUR", 5);
    int checksPerPhoneHour = Settings.getInt("WXP_BIND_CHECKS_PER_PHONE_HOUR", 10);
    Duration codeTtl = Duration.ofSeconds(Settings.getInt("WXP_BIND_CODE_SECONDS", 300));
    Duration cacheTtl = Duration.ofSeconds(Settings.getInt("WXP_BIND_CACHE_SECONDS", 3600));
    Duration noneTtl = Duration.ofSeconds(Math.min(300, cacheTtl.toSeconds()));

    /** The subscriber's current binding (cached). */
    public Optional<String> phoneOf(String appid, String openid) {
        Optional<BindingState.Cached> cached = state.cached(appid, openid);
        if (cached.isPresent()) {
            return Optional.ofNullable(cached.get().phone());
        }
        Optional<String> phone = repository.current(appid, openid).map(Binding::phone);
        state.cacheIfAbsent(appid, openid, phone.orElse(null), phone.isPresent() ? cacheTtl : noneTtl);
        return phone;
    }

    /**
     * Who is bound to each of {@code phones} on the account now (phone → openid; unbound numbers are
     * absent), from the database; numbers in the canonical form of {@link Phones#normalize}, at most 1000
     * at a time.
     */
    public java.util.Map<String, String> openidsByPhone(String appid, java.util.Collection<String> phones) {
        if (phones.size() > 1000) {
            throw new IllegalArgumentException("at most 1000 numbers at a time");
        }
        return repository.currentByPhones(appid, phones);
    }

    /** The subscriber's current binding with its time, from the database. */
    public Optional<Binding> current(String appid, String openid) {
        return repository.current(appid, openid);
    }

    /** The number a code was sent to and is still usable, if any. */
    public Optional<String> pendingPhone(String appid, String openid) {
        try {
            return state.pending(appid, openid).map(Pending::phone);
        } catch (StateUnavailableException e) {
            return Optional.empty();
        }
    }

    /** Step one: the carrier sends a code to {@code phone} (as typed; normalized here). */
    public BindResult requestCode(String appid, String openid, String typedPhone) {
        Optional<String> bound = phoneOf(appid, openid);
        if (bound.isPresent()) {
            return BindResult.of(Outcome.ALREADY_BOUND, bound.get());
        }
        Optional<String> normalized = Phones.normalize(typedPhone);
        if (normalized.isEmpty()) {
            return BindResult.of(Outcome.INVALID_NUMBER, null);
        }
        String phone = normalized.get();
        try {
            if (state.countCodeRequest(appid, openid) > codesPerHour
                    || state.countForPhone("codes", phone, 3600) > codesPerPhoneHour) {
                return BindResult.of(Outcome.TOO_FREQUENT, phone);
            }
            carrier.sendCode(phone);
            state.startPending(appid, openid, phone, codeTtl);
            return BindResult.of(Outcome.CODE_SENT, phone);
        } catch (CarrierFault f) {
            return fault(f, phone);
        } catch (CarrierException e) {
            LOG.info("code not sent (carrier unavailable): " + e.getMessage());
            return BindResult.of(Outcome.UNAVAILABLE, phone);
        } catch (StateUnavailableException e) {
            LOG.warning(e.getMessage());
            return BindResult.of(Outcome.UNAVAILABLE, phone);
        }
    }

    /** Step two: checks {@code code} for the number the last code went to, and binds it when right. */
    public BindResult confirm(String appid, String openid, String code, Channel channel) {
        Optional<String> bound = phoneOf(appid, openid);
        if (bound.isPresent()) {
            return BindResult.of(Outcome.ALREADY_BOUND, bound.get());
        }
        String typed = code == null ? "" : code.strip();
        try {
            Optional<Pending> pending = state.pending(appid, openid);
            if (pending.isEmpty()) {
                return BindResult.of(Outcome.NO_PENDING_CODE, null);
            }
            String phone = pending.get().phone();
            if (!CODE.matcher(typed).matches()) {
                return BindResult.of(Outcome.INVALID_CODE_FORMAT, phone);
            }
            int attempt = state.countAttempt(appid, openid);
            if (attempt == 0) {
                return BindResult.of(Outcome.NO_PENDING_CODE, null); // expired just now
            }
            if (attempt > maxAttempts || state.countForPhone("checks", phone, 3600) > checksPerPhoneHour) {
                state.clearPending(appid, openid);
                return BindResult.of(Outcome.TOO_MANY_ATTEMPTS, phone);
            }
            boolean right;
            try {
                right = carrier.checkCode(phone, typed);
            } catch (CarrierFault f) {
                return fault(f, phone);
            } catch (CarrierException e) {
                state.uncountAttempt(appid, openid);
                LOG.info("code not checked (carrier unavailable): " + e.getMessage());
                return BindResult.of(Outcome.UNAVAILABLE, phone);
            }
            if (!right) {
                if (attempt >= maxAttempts) {
                    state.clearPending(appid, openid);
                    return BindResult.of(Outcome.TOO_MANY_ATTEMPTS, phone);
                }
                return new BindResult(Outcome.WRONG_CODE, phone, maxAttempts - attempt, null);
            }
            List<String> touched = repository.bind(appid, openid, phone, channel);
            for (String other : touched) {
                state.cache(
                        appid, other, other.equals(openid) ? phone : null, other.equals(openid) ? cacheTtl : noneTtl);
            }
            state.clearPending(appid, openid);
            LOG.info("bound " + appid + "/" + openid + " to " + Phones.mask(phone) + " (" + channel + ")");
            return BindResult.of(Outcome.BOUND, phone);
        } catch (StateUnavailableException e) {
            LOG.warning(e.getMessage());
            return BindResult.of(Outcome.UNAVAILABLE, null);
        }
    }

    /** Ends the subscriber's binding (history kept); empty when there was none. */
    public Optional<Binding> unbind(String appid, String openid, Channel channel) {
        Optional<Binding> ended = repository.unbind(appid, openid, channel);
        state.cache(appid, openid, null, noneTtl);
        ended.ifPresent(b -> LOG.info("unbound " + appid + "/" + openid + " from " + b.maskedPhone()));
        return ended;
    }

    private static BindResult fault(CarrierFault f, String phone) {
        switch (f.code() == null ? "" : f.code()) {
            case "INVALID_NUMBER":
                return BindResult.of(Outcome.INVALID_NUMBER, phone);
            case "UNKNOWN_NUMBER":
                return BindResult.of(Outcome.UNKNOWN_NUMBER, phone);
            case "CODE_TOO_FREQUENT":
                return BindResult.of(Outcome.TOO_FREQUENT, phone);
            case "INVALID_CODE":
                return BindResult.of(Outcome.INVALID_CODE_FORMAT, phone);
            default:
                return new BindResult(Outcome.REFUSED, phone, 0, f.getMessage());
        }
    }
}
