package org.docbatch.worker.validation;

import jakarta.json.JsonObjectBuilder;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.docbatch.worker.document.TextDecoder;
import org.docbatch.worker.document.TextEncoding;
import org.docbatch.worker.spi.DocumentException;

/** Checks a text file: it really is text, in an encoding docbatch can tell, and how long it is. */
final class TextValidator {

  private TextValidator() {}

  static void validate(Path file, JsonObjectBuilder result, List<String> warnings)
      throws DocumentException {
    TextEncoding encoding = TextDecoder.detect(file);
    TextStats stats;
    try (BufferedReader reader = TextDecoder.open(file, encoding)) {
      stats = TextStats.count(reader);
    } catch (IOException e) {
      throw new DocumentException(
          "unreadable", "The text file could not be read: " + e.getMessage(), e);
    }
    result
        .add("encoding", encoding.name())
        .add("has_bom", encoding.hasBom())
        .add("line_count", stats.lines())
        .add("char_count", stats.chars())
        .add("word_count", stats.words());
    if (!encoding.charset().equals(StandardCharsets.UTF_8) && !encoding.hasBom()) {
      warnings.add(
          "The text is not UTF-8; it was read as "
              + encoding.name()
              + ", which is a guess. Save it as UTF-8 to be sure accents come out right.");
    }
    if (stats.words() == 0) {
      warnings.add("The text contains only whitespace.");
    }
  }
}
