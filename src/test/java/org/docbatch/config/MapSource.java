package org.docbatch.config;

import java.util.Map;

/** A config source of fixed values, standing in for the environment or system properties. */
final class MapSource extends FixedValuesSource {

  MapSource(String name, int ordinal, Map<String, String> values) {
    super(name, ordinal, values);
  }

  /** Environment variables as MicroProfile Config reads them (ordinal 300). */
  static MapSource environment(Map<String, String> values) {
    return new MapSource("environment", 300, values);
  }
}
