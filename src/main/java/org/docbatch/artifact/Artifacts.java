package org.docbatch.artifact;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.logging.Logger;
import org.docbatch.s3.ObjectStore;
import org.docbatch.s3.S3Location;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The node's artifact storage, chosen from {@code OUTPUT_ROOT}: a folder ({@link
 * FileArtifactStorage}), or an {@code s3://bucket/prefix} ({@link S3ArtifactStorage}). Workers get
 * one document's {@link DocumentArtifacts}; the API, the export and the sweeper use the storage
 * itself.
 */
@ApplicationScoped
public class Artifacts {

  private static final Logger LOG = Logger.getLogger(Artifacts.class.getName());

  /** {@code OUTPUT_ROOT}: where the files jobs produce (artifacts) are kept. */
  @Inject
  @ConfigProperty(name = "output.root", defaultValue = "data/output")
  String outputRoot;

  @Inject ObjectStore objects;

  private ArtifactStorage storage;
  private Path localFolder;

  @PostConstruct
  void open() {
    if (S3Location.isS3(outputRoot)) {
      // The server's own temporary folder: one per node, even with several on one machine.
      Path temp =
          Path.of(
              System.getProperty("jboss.server.temp.dir", System.getProperty("java.io.tmpdir")));
      S3ArtifactStorage s3 =
          new S3ArtifactStorage(
              objects, S3Location.parse(outputRoot), temp.resolve("docbatch-artifacts"));
      LOG.info(
          () ->
              "DOCBATCH-1742 artifacts are kept in "
                  + outputRoot
                  + ", written through "
                  + s3.spool());
      storage = s3;
      localFolder = s3.spool();
    } else {
      FileArtifactStorage files = new FileArtifactStorage(Path.of(outputRoot));
      storage = files;
      localFolder = files.root();
    }
  }

  /** Where artifacts are kept. */
  public ArtifactStorage storage() {
    return storage;
  }

  /** The artifacts of document {@code index} of job {@code jobId}. */
  public DocumentArtifacts of(String jobId, int index) {
    return new DocumentArtifacts(storage, jobId, index);
  }

  /**
   * The node's folder artifacts are written to: {@code OUTPUT_ROOT} itself, or where they wait for
   * their upload when it is a bucket. For the disk gauges, and to take it out of errors.
   */
  public Path localFolder() {
    return localFolder;
  }
}
