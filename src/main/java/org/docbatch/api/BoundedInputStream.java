package org.docbatch.api;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Supplier;

/**
 * A request body that throws the given problem as soon as more than {@code limit} bytes have been
 * read from it, so that an oversized body without a {@code Content-Length} is refused without being
 * read to its end.
 */
final class BoundedInputStream extends FilterInputStream {

  private final long limit;
  private final Supplier<? extends RuntimeException> tooLarge;
  private long read;

  BoundedInputStream(InputStream in, long limit, Supplier<? extends RuntimeException> tooLarge) {
    super(in);
    this.limit = limit;
    this.tooLarge = tooLarge;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      count(1);
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    if (n > 0) {
      count(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = super.skip(n);
    count(skipped);
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  private void count(long n) {
    read += n;
    if (read > limit) {
      throw tooLarge.get();
    }
  }
}
