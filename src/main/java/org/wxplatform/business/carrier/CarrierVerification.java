package org.wxplatform.business.carrier;

/** Binding (SPEC §3.1): the carrier sends a one-time code by SMS and checks it. */
public interface CarrierVerification {

    /** Asks the carrier to send a verification code to {@code phone}; a fault for an unknown number. */
    void sendCode(String phone) throws CarrierException;

    /** Whether {@code code} is the code last sent to {@code phone} and still valid (the carrier decides). */
    boolean checkCode(String phone, String code) throws CarrierException;
}
