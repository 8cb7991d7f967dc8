package org.docbatch.worker.ocr;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.docbatch.artifact.DocumentArtifacts;
import org.docbatch.worker.document.DecodedImage;
import org.docbatch.worker.document.ImageDecoder;
import org.docbatch.worker.document.PixelLimit;
import org.docbatch.worker.spi.DocumentException;

/**
 * What preprocessing wrote for a document, read back in a pipeline's OCR stage: its result names
 * the artifacts ({@code outputs}, in reading order), which are read through the document's
 * artifacts, wherever they are stored.
 */
final class PreprocessedOutputs {

  private PreprocessedOutputs() {}

  /** The names of the artifacts preprocessing wrote, in reading order. */
  static List<String> names(JsonObject preprocessed) {
    return preprocessed.getJsonArray("outputs").getValuesAs(JsonString.class).stream()
        .map(JsonString::getString)
        .toList();
  }

  /**
   * Decodes an image artifact. The decoders read files (Leptonica's among them), so it is copied to
   * a temporary file first, which a local store could skip; a page's PNG is small beside its OCR.
   */
  static DecodedImage image(DocumentArtifacts artifacts, String name, PixelLimit limit)
      throws DocumentException {
    Path copy = null;
    try {
      copy = Files.createTempFile("docbatch-page-", ".png");
      try (InputStream in = artifacts.open(name)) {
        Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
      }
      return ImageDecoder.decode(copy, limit);
    } catch (IOException e) {
      throw unreadable(name, e);
    } finally {
      if (copy != null) {
        try {
          Files.deleteIfExists(copy);
        } catch (IOException e) {
          // a temporary file left behind is the system's to clean
        }
      }
    }
  }

  /** Reads a text artifact (UTF-8, as preprocessing writes it). */
  static String text(DocumentArtifacts artifacts, String name) throws DocumentException {
    try (InputStream in = artifacts.open(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw unreadable(name, e);
    }
  }

  private static DocumentException unreadable(String name, IOException e) {
    return new DocumentException(
        "unreadable",
        "The preprocessed output "
            + name
            + " could not be read ("
            + e.getClass().getSimpleName()
            + ")",
        e);
  }
}
