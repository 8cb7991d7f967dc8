package org.docbatch.worker.ocr.output;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What each page's reading leaves for the document's outputs, in a folder beside them: its text and
 * its words (Tesseract's TSV), one file each per page, written whole or not at all ({@link
 * ArtifactFile}). The pages of a document may be read on different nodes; the outputs are made by
 * the one that puts them together, from these files, after the last page. They stay out of Redis,
 * which keeps only each page's bounded summary.
 */
public final class PageParts {

  /** The folder's name under the document's output folder; not an output itself. */
  public static final String FOLDER = ".pages";

  private final Path folder;

  public PageParts(Path outputDir) {
    this.folder = outputDir.resolve(FOLDER);
  }

  /**
   * @param page from 1
   * @param tsv the page's words, empty for a page whose text came from the PDF's text layer
   */
  public void write(int page, String text, String tsv) throws IOException {
    ArtifactFile.write(file(page, "txt"), text);
    if (!tsv.isEmpty()) {
      ArtifactFile.write(file(page, "tsv"), tsv);
    }
  }

  public Optional<String> text(int page) throws IOException {
    return read(file(page, "txt"));
  }

  public Optional<String> tsv(int page) throws IOException {
    return read(file(page, "tsv"));
  }

  /** Removes the parts once the outputs are written. */
  public void delete() throws IOException {
    if (!Files.isDirectory(folder)) {
      return;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
      for (Path file : files) {
        Files.deleteIfExists(file);
      }
    }
    Files.deleteIfExists(folder);
  }

  private Path file(int page, String kind) {
    return folder.resolve(String.format("%06d.%s", page, kind));
  }

  private static Optional<String> read(Path file) throws IOException {
    try {
      return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }
}
