package org.wxplatform.business.carrier;

import java.time.LocalDate;

/** One exchange of points for a gift or service. */
public record PointsExchange(LocalDate date, String item, long points) {}
