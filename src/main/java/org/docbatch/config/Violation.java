package org.docbatch.config;

/**
 * One thing wrong with the configuration.
 *
 * @param key the MicroProfile key, or the file's key when the file names an unknown one
 * @param value the value as written, or {@code null} when there is none to show
 * @param source where the value came from (a file, the environment, a profile)
 * @param reason why it is refused
 */
public record Violation(String key, String value, String source, String reason) {

  /** One line of the start-up message. */
  public String describe() {
    String where = source == null ? "" : " (from " + source + ")";
    String shown = value == null ? "" : " = \"" + value + "\"";
    return key + shown + where + ": " + reason;
  }
}
