package org.docbatch.s3;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An object, or a prefix of objects, in an S3-compatible store: {@code s3://bucket/key}. The key
 * may be empty (the whole bucket) and ends with {@code /} when it names a folder-like prefix.
 */
public record S3Location(String bucket, String key) {

  public static final String SCHEME = "s3://";

  /** S3's rules for a bucket name: 3-63 lower-case letters, digits, dots and hyphens. */
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

  /** Whether {@code reference} is meant as an object reference (starts with {@code s3://}). */
  public static boolean isS3(String reference) {
    return reference != null && reference.regionMatches(true, 0, SCHEME, 0, SCHEME.length());
  }

  /**
   * Reads {@code s3://bucket/key}.
   *
   * @throws IllegalArgumentException naming what is wrong, in words a client can act on
   */
  public static S3Location parse(String reference) {
    if (!isS3(reference)) {
      throw new IllegalArgumentException("not an s3:// reference");
    }
    String rest = reference.substring(SCHEME.length());
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String key = slash < 0 ? "" : rest.substring(slash + 1);
    if (!BUCKET.matcher(bucket).matches()) {
      throw new IllegalArgumentException(
          "the bucket name '"
              + bucket.toLowerCase(Locale.ROOT)
              + "' is not one S3 allows (3-63 lower-case letters, digits, dots, hyphens)");
    }
    if (key.length() > 1024) {
      throw new IllegalArgumentException("the object key is longer than S3's 1024 bytes");
    }
    for (String segment : key.split("/", -1)) {
      if (segment.equals("..") || segment.equals(".")) {
        throw new IllegalArgumentException("the object key has a '.' or '..' segment");
      }
    }
    if (key.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw new IllegalArgumentException("the object key has a control character");
    }
    return new S3Location(bucket, key);
  }

  /** Whether this object or prefix lies under {@code prefix} (same bucket, key starting so). */
  public boolean isUnder(S3Location prefix) {
    return bucket.equals(prefix.bucket) && key.startsWith(prefix.key);
  }

  /** The location of {@code name} under this prefix, a {@code /} between them if needed. */
  public S3Location resolve(String name) {
    return new S3Location(
        bucket, key.isEmpty() || key.endsWith("/") ? key + name : key + "/" + name);
  }

  /** The last segment of the key, the object's file name. */
  public String fileName() {
    String trimmed = key.endsWith("/") ? key.substring(0, key.length() - 1) : key;
    return trimmed.substring(trimmed.lastIndexOf('/') + 1);
  }

  @Override
  public String toString() {
    return SCHEME + bucket + "/" + key;
  }
}
