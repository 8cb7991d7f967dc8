package org.docbatch.artifact;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Where an artifact belongs: document {@code index} of job {@code jobId}, under its {@code name}.
 * Every store lays artifacts out as {@code <jobId>/<index>/<name>} under its root (a folder, or an
 * object storage prefix), so a name is one path segment: no {@code /}, no {@code \}, no control
 * characters, not {@code .} or {@code ..}, and no leading dot (stores keep their own files, such as
 * temporary names and metadata, under names that start with one).
 */
public record ArtifactKey(String jobId, int index, String name) {

  /** The most characters an artifact's name may have. */
  public static final int MAX_NAME_LENGTH = 200;

  private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9_-]{1,100}");
  private static final Pattern BAD_NAME_CHARS = Pattern.compile("[/\\\\\\p{Cntrl}:*?\"<>|]");

  public ArtifactKey {
    if (!JOB_ID.matcher(jobId).matches() || index < 0) {
      throw new IllegalArgumentException("not an artifact's job and document");
    }
    if (!isValidName(name)) {
      throw new IllegalArgumentException("not a valid artifact name");
    }
  }

  /** Whether {@code name} may name an artifact (see the class comment). */
  public static boolean isValidName(String name) {
    return name != null
        && !name.isEmpty()
        && name.length() <= MAX_NAME_LENGTH
        && !name.startsWith(".")
        && !name.endsWith(" ")
        && !BAD_NAME_CHARS.matcher(name).find();
  }

  /** Whether {@code jobId} may name a job's artifacts. */
  public static boolean isValidJobId(String jobId) {
    return jobId != null && JOB_ID.matcher(jobId).matches();
  }

  /** The API path a client downloads the artifact from. */
  public String apiPath() {
    return documentApiPath(jobId, index)
        + "/"
        + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** The API path listing the artifacts of one document. */
  public static String documentApiPath(String jobId, int index) {
    return "/api/jobs/" + jobId + "/documents/" + index + "/artifacts";
  }
}
