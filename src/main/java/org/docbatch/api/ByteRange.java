package org.docbatch.api;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One byte range of a {@code Range: bytes=...} header (RFC 9110 14.1.2), resolved against the
 * length of what is served: {@code first-last}, {@code first-} or a suffix {@code -n}. Several
 * ranges are not served as one multipart answer: such a header is ignored, as RFC 9110 allows, and
 * the whole artifact is sent.
 */
record ByteRange(long first, long last) {

  private static final Pattern SINGLE = Pattern.compile("bytes=(\\d*)-(\\d*)");

  /** The range's length. */
  long length() {
    return last - first + 1;
  }

  /** {@code Content-Range} of this range of {@code size} bytes. */
  String contentRange(long size) {
    return "bytes " + first + "-" + last + "/" + size;
  }

  /** What a {@code Range} header asks for. */
  sealed interface Request permits Whole, Part, Unsatisfiable {}

  /** No range (absent, not bytes, or several): the whole of it. */
  record Whole() implements Request {}

  /** One satisfiable range. */
  record Part(ByteRange range) implements Request {}

  /** A range that starts past the end (416). */
  record Unsatisfiable() implements Request {}

  static Request parse(String header, long size) {
    if (header == null) {
      return new Whole();
    }
    Matcher m = SINGLE.matcher(header.trim());
    if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
      return new Whole();
    }
    Optional<Long> first = number(m.group(1));
    Optional<Long> last = number(m.group(2));
    if (m.group(1).isEmpty()) {
      // a suffix: the last n bytes
      long n = last.orElse(Long.MAX_VALUE);
      if (n == 0 || size == 0) {
        return new Unsatisfiable();
      }
      return new Part(new ByteRange(Math.max(0, size - n), size - 1));
    }
    if (first.isEmpty() || (!m.group(2).isEmpty() && last.isEmpty())) {
      return new Whole(); // numbers too large to be meant
    }
    if (last.isPresent() && last.get() < first.get()) {
      return new Whole(); // invalid: ignored, as RFC 9110 says
    }
    if (first.get() >= size) {
      return new Unsatisfiable();
    }
    return new Part(new ByteRange(first.get(), Math.min(last.orElse(size - 1), size - 1)));
  }

  private static Optional<Long> number(String digits) {
    if (digits.isEmpty() || digits.length() > 18) {
      return Optional.empty();
    }
    return Optional.of(Long.parseLong(digits));
  }
}
