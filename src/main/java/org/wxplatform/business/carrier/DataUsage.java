package org.wxplatform.business.carrier;

import java.util.List;

/** This month's data: the total over all plans and packages (KB) and the detail per package. */
public record DataUsage(String phone, Remaining totalKb, List<DataPackageUsage> packages) {
    public DataUsage {
        packages = List.copyOf(packages);
    }
}
