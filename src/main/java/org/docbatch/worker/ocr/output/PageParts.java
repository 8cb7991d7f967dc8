package org.docbatch.worker.ocr.output;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import org.docbatch.artifact.DocumentArtifacts;

/**
 * What each page's reading leaves for the document's outputs: its text and its words (Tesseract's
 * TSV), an artifact each per page ({@code scan.page-0001.txt}, {@code scan.page-0001.tsv}), written
 * whole or not at all. The pages of a document may be read on different nodes; the outputs are made
 * by the one that puts them together, from these, after the last page. They stay out of Redis,
 * which keeps only each page's bounded summary.
 */
public final class PageParts {

  private final DocumentArtifacts artifacts;
  private final String base;

  /**
   * @param base the document's name without its extension
   */
  public PageParts(DocumentArtifacts artifacts, String base) {
    this.artifacts = artifacts;
    this.base = base;
  }

  /**
   * @param page from 1
   * @param tsv the page's words, empty for a page whose text came from the PDF's text layer
   */
  public void write(int page, String text, String tsv) throws IOException {
    artifacts.write(name(page, "txt"), out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    if (!tsv.isEmpty()) {
      artifacts.write(name(page, "tsv"), out -> out.write(tsv.getBytes(StandardCharsets.UTF_8)));
    }
  }

  /** The page's text; empty when none was kept. */
  public String text(int page) {
    return read(name(page, "txt")).orElse("");
  }

  public Optional<String> tsv(int page) {
    return read(name(page, "tsv"));
  }

  private String name(int page, String kind) {
    return DocumentArtifacts.safeName(
        base, String.format(Locale.ROOT, ".page-%04d.%s", page, kind));
  }

  private Optional<String> read(String name) {
    try (InputStream in = artifacts.open(name)) {
      return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      return Optional.empty(); // not kept: the page was not read, or its parts were lost
    }
  }
}
