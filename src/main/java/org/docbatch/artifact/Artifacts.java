package org.docbatch.artifact;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The node's artifact storage, chosen from {@code OUTPUT_ROOT}: a folder now ({@link
 * FileArtifactStorage}). Workers get one document's {@link DocumentArtifacts}; the API, the export
 * and the sweeper use the storage itself.
 */
@ApplicationScoped
public class Artifacts {

  /** {@code OUTPUT_ROOT}: where the files jobs produce (artifacts) are kept. */
  @Inject
  @ConfigProperty(name = "output.root", defaultValue = "data/output")
  String outputRoot;

  private FileArtifactStorage storage;

  @PostConstruct
  void open() {
    storage = new FileArtifactStorage(Path.of(outputRoot));
  }

  /** Where artifacts are kept. */
  public ArtifactStorage storage() {
    return storage;
  }

  /** The artifacts of document {@code index} of job {@code jobId}. */
  public DocumentArtifacts of(String jobId, int index) {
    return new DocumentArtifacts(storage, jobId, index);
  }

  /** {@code OUTPUT_ROOT} as configured, for the disk gauges. */
  public String outputRoot() {
    return outputRoot;
  }
}
