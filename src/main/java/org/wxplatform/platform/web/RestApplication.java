package org.wxplatform.platform.web;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** Every JAX-RS resource of the product lives under {@code /api}. */
@ApplicationPath("/api")
public class RestApplication extends Application {}
