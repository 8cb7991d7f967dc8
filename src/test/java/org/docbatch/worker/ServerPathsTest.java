package org.docbatch.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.docbatch.artifact.Artifacts;
import org.docbatch.library.DocumentLibrary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A document's error names what the client named, never the server's folders. */
class ServerPathsTest {

  @TempDir Path work;

  @Test
  void pathsUnderTheRootsLoseThem() throws Exception {
    Path documents = Files.createDirectories(work.resolve("documents"));
    ServerPaths paths = new ServerPaths();
    paths.library =
        new DocumentLibrary() {
          @Override
          public Path root() {
            return documents;
          }
        };
    paths.artifacts =
        new Artifacts() {
          @Override
          public Path localFolder() {
            return work.resolve("output");
          }
        };
    paths.collect();

    assertEquals(
        "The document could not be read: users/alice/a.pdf",
        paths.scrub("The document could not be read: " + documents + "/users/alice/a.pdf"));
    assertEquals(
        "NoSuchFileException: <artifacts>/j/0/x.png",
        paths.scrub("NoSuchFileException: " + work.resolve("output/j/0/x.png")));
  }
}
