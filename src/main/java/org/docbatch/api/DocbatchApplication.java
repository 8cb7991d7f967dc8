package org.docbatch.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The JAX-RS application: every resource answers under {@code /api}. */
@ApplicationPath("/api")
public class DocbatchApplication extends Application {}
