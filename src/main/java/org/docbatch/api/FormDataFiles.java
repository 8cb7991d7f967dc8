package org.docbatch.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.apache.james.mime4j.stream.NameValuePair;
import org.apache.james.mime4j.stream.RawBody;
import org.apache.james.mime4j.stream.RawField;
import org.apache.james.mime4j.stream.RawFieldParser;
import org.apache.james.mime4j.stream.RecursionMode;

/**
 * The file parts of a {@code multipart/form-data} body, read one after another straight from the
 * request: a file's bytes go to whoever takes the part and nowhere else. RESTEasy's {@code
 * List<EntityPart>} wrote every part to a temporary file before the resource saw it and never
 * removed those files, so every upload left a copy in the temporary directory, and a body about to
 * be refused at {@code MAX_UPLOAD_SIZE_MB} was first written whole to disk (3 GB a test run).
 *
 * <p>A part is a file when its {@code Content-Disposition} names a {@code filename}; other parts
 * are skipped unread.
 */
final class FormDataFiles {

  /** Takes one file part; {@code content} ends where the part ends. */
  @FunctionalInterface
  interface Taker {
    void take(String filename, InputStream content) throws IOException;
  }

  /**
   * A part's headers are small and bounded; its content is not lines at all (a scan has no line
   * breaks worth the name), so no line length is imposed on it.
   */
  private static final MimeConfig LIMITS =
      new MimeConfig.Builder()
          .setMaxLineLen(-1)
          .setMaxHeaderLen(8 * 1024)
          .setMaxHeaderCount(32)
          .build();

  private FormDataFiles() {}

  /** The body is no {@code multipart/form-data}: the client's mistake, answered 400. */
  static final class MalformedException extends IOException {
    MalformedException(String message) {
      super(message);
    }
  }

  /** Hands each file part of {@code body}, in order, to {@code taker}. */
  static void read(InputStream body, String contentType, Taker taker) throws IOException {
    if (contentType == null || !contentType.toLowerCase().contains("boundary=")) {
      throw new MalformedException(
          "the Content-Type names no boundary; send multipart/form-data as curl -F does");
    }
    MimeTokenStream parts = new MimeTokenStream(LIMITS);
    parts.setRecursionMode(RecursionMode.M_NO_RECURSE);
    parts.parseHeadless(body, contentType);
    String filename = null;
    try {
      for (EntityState state = parts.getState();
          state != EntityState.T_END_OF_STREAM;
          state = parts.next()) {
        switch (state) {
          case T_START_BODYPART -> filename = null;
          case T_FIELD -> filename = filenameOr(parts.getField(), filename);
          case T_BODY -> {
            if (filename != null) {
              taker.take(filename, parts.getInputStream());
            }
          }
          default -> {
            // The preamble, the epilogue and the part boundaries carry nothing to keep.
          }
        }
      }
    } catch (MimeException e) {
      throw new MalformedException("the multipart/form-data body is malformed: " + e.getMessage());
    }
  }

  /**
   * The {@code filename} a {@code Content-Disposition} field names, else {@code otherwise}. The
   * field is decoded as UTF-8, as browsers and curl send a name that is not ASCII (RFC 7578 4.2).
   */
  private static String filenameOr(Field field, String otherwise) {
    if (!"content-disposition".equals(field.getNameLowerCase())) {
      return otherwise;
    }
    String raw = new String(field.getRaw().toByteArray(), StandardCharsets.UTF_8);
    String value = raw.substring(raw.indexOf(':') + 1).trim();
    RawBody disposition = RawFieldParser.DEFAULT.parseRawBody(new RawField(field.getName(), value));
    for (NameValuePair parameter : disposition.getParams()) {
      if ("filename".equalsIgnoreCase(parameter.getName()) && parameter.getValue() != null) {
        return parameter.getValue();
      }
    }
    return otherwise;
  }
}
