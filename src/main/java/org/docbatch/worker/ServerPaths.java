package org.docbatch.worker;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.docbatch.artifact.Artifacts;
import org.docbatch.library.DocumentLibrary;
import org.docbatch.library.LocalDocument;

/**
 * Takes the server's folders out of a document's error before a client sees it. The messages of the
 * JDK's and the libraries' file exceptions are absolute paths ({@code NoSuchFileException:
 * /srv/docbatch/documents/users/alice/a.pdf}); a client needs the part it named, not the server's
 * layout. A path under {@code DOCUMENT_ROOT} becomes relative to it, one under {@code OUTPUT_ROOT}
 * (or the folder artifacts are spooled in when it is a bucket) becomes {@code <artifacts>/...}.
 */
@ApplicationScoped
class ServerPaths {

  @Inject DocumentLibrary library;
  @Inject Artifacts artifacts;

  private final List<String[]> replacements = new ArrayList<>();

  @PostConstruct
  void collect() {
    add(library.root(), "");
    // A copy's own message names its reference already (LocalDocument.shown); this is the rest.
    add(DocumentLibrary.scratchRoot(), "<scratch>/");
    add(artifacts.localFolder(), "<artifacts>/");
  }

  private void add(Path folder, String replacement) {
    Path absolute = folder.toAbsolutePath().normalize();
    replacements.add(new String[] {absolute + "/", replacement});
    replacements.add(new String[] {absolute.toString(), replacement});
    try {
      Path real = absolute.toRealPath();
      if (!real.equals(absolute)) {
        replacements.add(0, new String[] {real + "/", replacement});
        replacements.add(1, new String[] {real.toString(), replacement});
      }
    } catch (IOException e) {
      // not there yet: nothing under it can be named in an error either
    }
  }

  /** {@code message} without the server's folders, naming a copy by its reference. */
  String scrub(String message, LocalDocument document) {
    return scrub(document == null ? message : document.shown(message));
  }

  /** {@code message} without the server's folders. */
  String scrub(String message) {
    if (message == null) {
      return "";
    }
    String scrubbed = message;
    for (String[] replacement : replacements) {
      scrubbed = scrubbed.replace(replacement[0], replacement[1]);
    }
    return scrubbed;
  }
}
