package org.wxplatform.business.carrier;

/** Points queries. */
public interface CarrierPoints {

    Points points(String phone) throws CarrierException;
}
