package org.docbatch.artifact;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** At most {@code remaining} bytes of a stream: the end of a byte range. */
final class RangeInputStream extends FilterInputStream {

  private long remaining;

  RangeInputStream(InputStream in, long length) {
    super(in);
    this.remaining = length;
  }

  @Override
  public int read() throws IOException {
    if (remaining <= 0) {
      return -1;
    }
    int b = in.read();
    if (b >= 0) {
      remaining--;
    }
    return b;
  }

  @Override
  public int read(byte[] bytes, int offset, int length) throws IOException {
    if (remaining <= 0) {
      return -1;
    }
    int read = in.read(bytes, offset, (int) Math.min(length, remaining));
    if (read > 0) {
      remaining -= read;
    }
    return read;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = in.skip(Math.min(n, remaining));
    remaining -= skipped;
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }
}
