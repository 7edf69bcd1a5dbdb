package org.wxplatform.redpacket;

/**
 * The answer to one grab. {@code amountMb} is what the subscriber got (GOT, also when asked again:
 * {@code repeat} true), 0 otherwise. BUSY means nothing was tried and nothing taken: ask again.
 */
public record Grab(Outcome outcome, int amountMb, boolean repeat) {

    public enum Outcome {
        GOT,
        EMPTY,
        EXPIRED,
        BUSY,
        NO_SUCH_PACKET
    }

    static Grab got(int amount, boolean repeat) {
        return new Grab(Outcome.GOT, amount, repeat);
    }

    static Grab of(Outcome outcome) {
        return new Grab(outcome, 0, false);
    }

    /** The words the page shows. */
    public String message() {
        return switch (outcome) {
            case GOT -> "恭喜，抢到 " + amountMb + " MB 流量" + (repeat ? "（已领取过）" : "") + "！";
            case EMPTY -> "手慢了，红包已被抢完。";
            case EXPIRED -> "红包已过期，剩余流量已退回发红包的人。";
            case BUSY -> "人太多了，请稍后再试。";
            case NO_SUCH_PACKET -> "没有这个红包。";
        };
    }
}
