package org.docbatch.library;

import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import org.docbatch.json.Json;

/**
 * The documents a manifest names, a line at a time: JSON lines ({@code {"document": "..."}} each,
 * other fields ignored) when its first line is a JSON object, otherwise CSV whose header has a
 * {@code document} column. Blank lines are skipped; any other line that names no document fails the
 * listing with its line number. The position after each document is its line's end as {@code <byte
 * offset>:<line number>}, where a listing resumed on another node opens the manifest again.
 */
final class ManifestListing extends LookaheadListing {

  /** The longest line read: a line longer than this is not a manifest's. */
  static final int MAX_LINE_BYTES = 16 * 1024;

  /** Opens the manifest at a byte offset. */
  interface Opener {
    InputStream open(long offset) throws IOException;
  }

  private final String name;
  private final AutoCloseable resources;
  private final Consumer<String> checkReference;
  private final InputStream in;
  private final int documentColumn;
  private long offset;
  private long line;

  /** Whether the CSV header is still ahead (a listing from the start). */
  private boolean skipHeader;

  /**
   * @param name the manifest as the user named it, for messages
   * @param checkReference refuses a reference the job may not name, with a {@link ListingException}
   * @param position where to resume ({@code <byte offset>:<line>}), null or empty from the start
   */
  ManifestListing(String name, Opener opener, Consumer<String> checkReference, String position)
      throws IOException {
    this(name, opener, checkReference, position, () -> {});
  }

  /** As above; {@code resources} (a local copy of the manifest) are closed with the listing. */
  ManifestListing(
      String name,
      Opener opener,
      Consumer<String> checkReference,
      String position,
      AutoCloseable resources)
      throws IOException {
    this.resources = resources;
    this.name = name;
    this.checkReference = checkReference;
    int column;
    try (InputStream head = new BufferedInputStream(opener.open(0))) {
      column = formatOf(head);
    }
    this.documentColumn = column;
    if (position != null && !position.isEmpty()) {
      int colon = position.indexOf(':');
      offset = Long.parseLong(position.substring(0, colon));
      line = Long.parseLong(position.substring(colon + 1));
    }
    this.skipHeader = column >= 0 && line == 0;
    this.in = new BufferedInputStream(opener.open(offset), 64 * 1024);
  }

  /** -1 for JSON lines, else the index of the CSV header's {@code document} column. */
  private int formatOf(InputStream head) throws IOException {
    long number = 0;
    String first;
    do {
      first = readLine(head);
      number++;
    } while (first != null && first.isBlank());
    if (first == null) {
      throw new ListingException("the manifest " + name + " is empty");
    }
    if (number == 1 && first.startsWith("\uFEFF")) {
      first = first.substring(1);
    }
    if (first.stripLeading().startsWith("{")) {
      return -1;
    }
    List<String> header = CsvLine.fields(first);
    for (int i = 0; header != null && i < header.size(); i++) {
      if (header.get(i).strip().equalsIgnoreCase("document")) {
        return i;
      }
    }
    throw new ListingException(
        "the manifest "
            + name
            + " is neither JSON lines ({\"document\": ...} on each line) nor CSV whose first line"
            + " names a 'document' column");
  }

  @Override
  protected Listed fetch() {
    while (true) {
      String text;
      try {
        text = readLine(in);
      } catch (IOException e) {
        throw new ListingException(
            "reading the manifest " + name + " failed: " + e.getMessage(), true, e);
      }
      if (text == null) {
        return null;
      }
      line++;
      if (line == 1 && text.startsWith("\uFEFF")) {
        text = text.substring(1);
      }
      if (text.isBlank()) {
        continue;
      }
      if (skipHeader) {
        skipHeader = false;
        continue;
      }
      String reference = documentColumn < 0 ? fromJson(text) : fromCsv(text);
      checkReference.accept(reference);
      return new Listed(reference, offset + ":" + line);
    }
  }

  private String fromJson(String text) {
    JsonValue value;
    try (JsonReader reader = Json.createReader(new StringReader(text))) {
      value = reader.readValue();
    } catch (RuntimeException e) {
      throw bad("is not a JSON object");
    }
    if (!(value instanceof JsonObject object)) {
      throw bad("is not a JSON object");
    }
    if (!(object.get("document") instanceof JsonString document)
        || document.getString().isBlank()) {
      throw bad("has no \"document\" string");
    }
    return document.getString();
  }

  private String fromCsv(String text) {
    List<String> fields = CsvLine.fields(text);
    if (fields == null) {
      throw bad("has a quoted field that is not closed (a field cannot span lines)");
    }
    if (fields.size() <= documentColumn || fields.get(documentColumn).isBlank()) {
      throw bad("has no document in its 'document' column");
    }
    return fields.get(documentColumn);
  }

  private ListingException bad(String why) {
    return new ListingException("line " + line + " of the manifest " + name + " " + why);
  }

  /**
   * One line without its end ({@code \n} or {@code \r\n}), null at the end of the stream; counts
   * the bytes read into {@link #offset} when reading the listing itself.
   */
  private String readLine(InputStream from) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int b;
    int read = 0;
    while ((b = from.read()) >= 0) {
      read++;
      if (b == '\n') {
        break;
      }
      if (bytes.size() >= MAX_LINE_BYTES) {
        throw new ListingException(
            "line "
                + (line + 1)
                + " of the manifest "
                + name
                + " is longer than "
                + MAX_LINE_BYTES
                + " bytes");
      }
      bytes.write(b);
    }
    if (from == in) {
      offset += read;
    }
    if (read == 0) {
      return null;
    }
    byte[] content = bytes.toByteArray();
    int length = content.length;
    if (length > 0 && content[length - 1] == '\r') {
      length--;
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(content, 0, length))
          .toString();
    } catch (CharacterCodingException e) {
      throw new ListingException(
          "line " + (line + 1) + " of the manifest " + name + " is not UTF-8 text");
    }
  }

  @Override
  public void close() {
    try (AutoCloseable copy = resources) {
      in.close();
    } catch (Exception e) {
      // Only read from: nothing to lose.
    }
  }
}
