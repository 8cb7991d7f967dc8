package org.docbatch.metrics;

/**
 * The spec's three priority tiers, named views of docbatch's -10..10 priority: {@code high} is 10,
 * {@code low} is -10, {@code normal} everything between.
 */
public enum Tier {
  HIGH,
  NORMAL,
  LOW;

  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
