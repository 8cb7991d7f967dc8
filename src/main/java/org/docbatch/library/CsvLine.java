package org.docbatch.library;

import java.util.ArrayList;
import java.util.List;

/** The fields of one CSV line (RFC 4180: commas, quoted fields, {@code ""} for a quote). */
final class CsvLine {

  private CsvLine() {}

  /** The line's fields, or null when a quoted field is not closed on it. */
  static List<String> fields(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    if (quoted) {
      return null;
    }
    fields.add(field.toString());
    return fields;
  }
}
