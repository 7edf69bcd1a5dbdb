package org.wxplatform.business.carrier;

/** Usage queries. */
public interface CarrierUsage {

    DataUsage dataUsage(String phone) throws CarrierException;

    PackageRemaining packageRemaining(String phone) throws CarrierException;
}
