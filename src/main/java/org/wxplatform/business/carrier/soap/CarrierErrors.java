package org.wxplatform.business.carrier.soap;

import jakarta.xml.ws.WebServiceException;
import jakarta.xml.ws.soap.SOAPFaultException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.wxplatform.business.carrier.CarrierException;
import org.wxplatform.business.carrier.CarrierFault;
import org.wxplatform.business.carrier.CarrierUnavailableException;
import org.wxplatform.business.carrier.soap.gen.CarrierFaultMessage;

/**
 * What a failed SOAP call means for the product (the carrier contract): a {@code CarrierFault} detail is a
 * {@link CarrierFault} with its code and message, except {@code SYSTEM_BUSY}, which like a time limit, a
 * refused connection, an HTTP error status or an answer that cannot be read is a
 * {@link CarrierUnavailableException} (no result known; the caller may try again later). Also names the
 * outcome for the interface log.
 */
final class CarrierErrors {

    static final String SYSTEM_BUSY = "SYSTEM_BUSY";
    private static final Pattern HTTP_STATUS = Pattern.compile("status code (\\d{3})");

    private CarrierErrors() {}

    /** A failure translated, with the word the interface log uses for it. */
    record Mapped(CarrierException exception, String outcome) {}

    static Mapped map(String operation, Throwable failure) {
        if (failure instanceof CarrierFaultMessage f) {
            String code = f.getFaultInfo() == null || f.getFaultInfo().getCode() == null
                    ? "UNKNOWN"
                    : f.getFaultInfo().getCode();
            String message = f.getFaultInfo() == null || f.getFaultInfo().getMessage() == null
                    ? f.getMessage()
                    : f.getFaultInfo().getMessage();
            if (code.equals(SYSTEM_BUSY)) {
                return new Mapped(
                        new CarrierUnavailableException(operation + ": carrier busy (" + message + ")", f), "busy");
            }
            return new Mapped(new CarrierFault(code, message), "fault:" + code);
        }
        if (failure instanceof SOAPFaultException f) {
            return new Mapped(
                    new CarrierUnavailableException(
                            operation + ": carrier answered a fault without detail: " + f.getMessage(), f),
                    "server-fault");
        }
        if (failure instanceof IllegalArgumentException) {
            return unavailable(operation, "answer not understood: " + failure.getMessage(), failure, "bad-answer");
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return unavailable(operation, "no answer within the time limit", failure, "timeout");
            }
            if (t instanceof ConnectException) {
                return unavailable(operation, "connection refused: " + t.getMessage(), failure, "refused");
            }
            if (t instanceof UnknownHostException) {
                return unavailable(operation, "unknown host " + t.getMessage(), failure, "unknown-host");
            }
        }
        if (failure instanceof WebServiceException) {
            Matcher m = HTTP_STATUS.matcher(String.valueOf(failure.getMessage()));
            if (m.find()) {
                return unavailable(operation, "HTTP " + m.group(1), failure, "http" + m.group(1));
            }
            for (Throwable t = failure; t != null; t = t.getCause()) {
                if (t instanceof IOException) {
                    return unavailable(operation, "not reachable: " + t, failure, "io");
                }
            }
            return unavailable(operation, "answer not understood: " + failure.getMessage(), failure, "error");
        }
        return unavailable(operation, "call failed: " + failure, failure, "error");
    }

    private static Mapped unavailable(String operation, String what, Throwable cause, String outcome) {
        return new Mapped(new CarrierUnavailableException(operation + ": " + what, cause), outcome);
    }
}
