package org.wxplatform.sandbox.carrier;

/** A carrier fault the simulator answers: {@code code} (INVALID_NUMBER, SYSTEM_BUSY, ...) and a text for the subscriber. */
public final class SimFault extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String code;

    public SimFault(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public String code() {
        return code;
    }

    static SimFault invalidNumber() {
        return new SimFault("INVALID_NUMBER", "手机号码格式不正确，请输入11位手机号码");
    }

    static SimFault unknownNumber() {
        return new SimFault("UNKNOWN_NUMBER", "该号码不是本网用户");
    }

    static SimFault busy() {
        return new SimFault("SYSTEM_BUSY", "系统繁忙，请稍后再试");
    }
}
