package org.docbatch.worker.preprocessing;

import jakarta.json.JsonObjectBuilder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.docbatch.json.Json;
import org.docbatch.worker.document.FileExtension;
import org.docbatch.worker.document.TextDecoder;
import org.docbatch.worker.document.TextEncoding;
import org.docbatch.worker.spi.DocumentException;

/** Decodes a text file in whatever encoding it is in and writes it normalised, as UTF-8. */
final class TextPreprocessor {

  private TextPreprocessor() {}

  static JsonObjectBuilder process(Path file, Path outputDir) throws DocumentException {
    TextEncoding encoding = TextDecoder.detect(file);
    Path output = outputDir.resolve(FileExtension.baseName(file) + ".txt");
    TextNormalizer.Stats stats;
    try (BufferedReader in = TextDecoder.open(file, encoding);
        Writer out = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
      stats = TextNormalizer.normalize(in, out);
    } catch (IOException e) {
      throw new DocumentException(
          "unreadable", "The text could not be read or its output written: " + e.getMessage(), e);
    }
    return Json.createObjectBuilder()
        .add("outputs", Json.createArrayBuilder().add(output.toString()))
        .add("output", output.toString())
        .add("encoding", encoding.name())
        .add("output_encoding", "UTF-8")
        .add("chars_before", stats.charsBefore())
        .add("chars_after", stats.charsAfter())
        .add("lines_before", stats.linesBefore())
        .add("lines", stats.linesAfter())
        .add("warnings", Json.createArrayBuilder());
  }
}
