package org.wxplatform.it;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The one Arquillian deployment: the product WAR exactly as built ({@code target/wxplatform.war}),
 * plus the shared test helpers of this package. In-container tests add their own class automatically.
 */
public final class Deployments {

    private Deployments() {}

    public static WebArchive product() {
        File war = new File(System.getProperty("wxp.war", "target/wxplatform.war"));
        if (!war.isFile()) {
            throw new IllegalStateException(war + " is missing: run the package phase first (scripts/test does)");
        }
        return ShrinkWrap.createFromZipFile(WebArchive.class, war).addPackage(Deployments.class.getPackage());
    }
}
