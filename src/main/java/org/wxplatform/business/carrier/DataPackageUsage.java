package org.wxplatform.business.carrier;

/** Data usage of one plan or package, in KB. */
public record DataPackageUsage(String packageName, Remaining kb) {}
