package org.docbatch.artifact;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Counts and hashes what passes through, so an artifact's size and SHA-256 cost no second read. */
final class HashingOutputStream extends FilterOutputStream {

  private final MessageDigest digest;
  private long count;

  HashingOutputStream(OutputStream out) {
    super(out);
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  @Override
  public void write(int b) throws IOException {
    out.write(b);
    digest.update((byte) b);
    count++;
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    out.write(bytes, offset, length);
    digest.update(bytes, offset, length);
    count += length;
  }

  long count() {
    return count;
  }

  String sha256() {
    return HexFormat.of().formatHex(digest.digest());
  }
}
