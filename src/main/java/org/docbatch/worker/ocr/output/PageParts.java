package org.docbatch.worker.ocr.output;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.docbatch.artifact.DocumentArtifacts;

/**
 * What each page's reading leaves for the document's outputs: its text and its words (Tesseract's
 * TSV). A document read in one piece keeps them in memory until its outputs are written. The pages
 * of a document read a partition each may be read on different nodes: each keeps its parts as
 * artifacts ({@code scan.page-0001.txt}, {@code scan.page-0001.tsv}), written whole or not at all,
 * and the node that puts the pages together makes the outputs from them. Either way they stay out
 * of Redis, which keeps only each page's bounded summary.
 */
public final class PageParts {

  private final DocumentArtifacts artifacts;
  private final String base;
  private final Map<Integer, String> texts = new TreeMap<>();
  private final Map<Integer, String> tsvs = new TreeMap<>();
  private boolean inMemory;

  private PageParts(DocumentArtifacts artifacts, String base, boolean inMemory) {
    this.artifacts = artifacts;
    this.base = base;
    this.inMemory = inMemory;
  }

  /**
   * Parts kept in memory, for a document read in one piece ({@link #persist} if it turns out to be
   * read a page per partition).
   *
   * @param base the document's name without its extension
   */
  public static PageParts inMemory(DocumentArtifacts artifacts, String base) {
    return new PageParts(artifacts, base, true);
  }

  /** Parts kept as artifacts, for pages read a partition each. */
  public static PageParts asArtifacts(DocumentArtifacts artifacts, String base) {
    return new PageParts(artifacts, base, false);
  }

  /**
   * @param page from 1
   * @param tsv the page's words, empty for a page whose text came from the PDF's text layer
   */
  public void write(int page, String text, String tsv) throws IOException {
    if (inMemory) {
      texts.put(page, text);
      if (!tsv.isEmpty()) {
        tsvs.put(page, tsv);
      }
      return;
    }
    store(name(page, "txt"), text);
    if (!tsv.isEmpty()) {
      store(name(page, "tsv"), tsv);
    }
  }

  /** Writes what is held in memory as artifacts, and keeps any further part as one. */
  public void persist() throws IOException {
    inMemory = false;
    for (Map.Entry<Integer, String> text : texts.entrySet()) {
      write(text.getKey(), text.getValue(), tsvs.getOrDefault(text.getKey(), ""));
    }
    texts.clear();
    tsvs.clear();
  }

  /** The page's text; empty when none was kept. */
  public String text(int page) {
    return inMemory ? texts.getOrDefault(page, "") : read(name(page, "txt")).orElse("");
  }

  public Optional<String> tsv(int page) {
    return inMemory ? Optional.ofNullable(tsvs.get(page)) : read(name(page, "tsv"));
  }

  private void store(String name, String content) throws IOException {
    artifacts.write(name, out -> out.write(content.getBytes(StandardCharsets.UTF_8)));
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
