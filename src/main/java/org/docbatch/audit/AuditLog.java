package org.docbatch.audit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The audit log: one JSON object per line ({@link AuditEntry}) in a file of its own, {@code
 * AUDIT_LOG_FILE}, apart from the server log and outside Redis, so it outlives the jobs it
 * describes. Written by the application rather than through a WildFly log handler so that the file
 * is a configuration key like any other (validated, in the configuration file), a line is never
 * dropped by a logger's level ({@code LOG_LEVEL=ERROR} included), and losing lines is reported with
 * message ids.
 *
 * <p>Message ids: DOCBATCH-1210 where the log is written, -1211 lines are being lost (logged once
 * per run of failures), -1212 lines are written again.
 */
@ApplicationScoped
public class AuditLog {

  private static final Logger LOG = Logger.getLogger(AuditLog.class.getName());

  /** {@code AUDIT_LOG_FILE}: relative paths are under the node's working directory. */
  @Inject
  @ConfigProperty(name = "audit.log.file", defaultValue = "data/audit/audit.log")
  String fileName;

  /** {@code AUDIT_LOG_MAX_SIZE_MB}: the file rotates when it would grow past this. */
  @Inject
  @ConfigProperty(name = "audit.log.max.size.mb", defaultValue = "100")
  long maxSizeMb;

  /** {@code AUDIT_LOG_BACKUPS}: rotated files kept ({@code audit.log.1} is the newest). */
  @Inject
  @ConfigProperty(name = "audit.log.backups", defaultValue = "10")
  int backups;

  private AuditFile file;
  private long lost;

  void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
    LOG.info(
        () ->
            "DOCBATCH-1210 Audit log: "
                + file().path()
                + " (rotates at "
                + maxSizeMb
                + " MB, keeps "
                + backups
                + " old files)");
  }

  private synchronized AuditFile file() {
    if (file == null) {
      file = new AuditFile(Path.of(fileName), maxSizeMb * 1024 * 1024, backups);
    }
    return file;
  }

  /**
   * Writes one entry. A failure (full disk, no permission) does not fail the request that was
   * already answered: it is reported in the server log, and the file is opened again for the next.
   */
  public void record(AuditEntry entry) {
    String line = entry.toJson();
    synchronized (this) {
      AuditFile target = file();
      try {
        target.append(line);
        if (lost > 0) {
          long count = lost;
          lost = 0;
          LOG.warning(
              () ->
                  "DOCBATCH-1212 The audit log "
                      + target.path()
                      + " is written again; "
                      + count
                      + " lines were lost");
        }
      } catch (IOException | RuntimeException e) {
        target.close();
        if (lost++ == 0) {
          LOG.log(
              Level.SEVERE,
              "DOCBATCH-1211 Cannot write the audit log "
                  + target.path()
                  + " ("
                  + e
                  + "); its lines are lost until it can be written again",
              e);
        }
      }
    }
  }

  @PreDestroy
  synchronized void close() {
    if (file != null) {
      file.close();
    }
  }
}
