package org.docbatch.alerts;

import java.util.Locale;

/** How urgent an alert is: {@code warning} asks for a look, {@code critical} for action now. */
public enum Severity {
  WARNING,
  CRITICAL;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
