package org.docbatch.worker.preprocessing;

import jakarta.json.JsonObjectBuilder;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.docbatch.artifact.DocumentArtifacts;
import org.docbatch.json.Json;
import org.docbatch.worker.document.FileExtension;
import org.docbatch.worker.document.TextDecoder;
import org.docbatch.worker.document.TextEncoding;
import org.docbatch.worker.spi.DocumentException;

/** Decodes a text file in whatever encoding it is in and writes it normalised, as UTF-8. */
final class TextPreprocessor {

  private TextPreprocessor() {}

  static JsonObjectBuilder process(Path file, Outputs outputs) throws DocumentException {
    TextEncoding encoding = TextDecoder.detect(file);
    TextNormalizer.Stats[] stats = new TextNormalizer.Stats[1];
    outputs.write(
        DocumentArtifacts.safeName(FileExtension.baseName(file), ".txt"),
        target -> {
          try (BufferedReader in = TextDecoder.open(file, encoding)) {
            Writer out = new BufferedWriter(new OutputStreamWriter(target, StandardCharsets.UTF_8));
            stats[0] = TextNormalizer.normalize(in, out);
            out.flush();
          }
        });
    return Json.createObjectBuilder()
        .add("encoding", encoding.name())
        .add("output_encoding", "UTF-8")
        .add("chars_before", stats[0].charsBefore())
        .add("chars_after", stats[0].charsAfter())
        .add("lines_before", stats[0].linesBefore())
        .add("lines", stats[0].linesAfter())
        .add("warnings", Json.createArrayBuilder());
  }
}
