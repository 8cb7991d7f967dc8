package org.docbatch.worker.ocr.engine;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * How the server and an OCR child process talk over the child's standard input and output: one
 * request, then one reply, each starting with a magic number so that stray output on the pipe is
 * detected instead of misread.
 */
public final class OcrWire {

  private static final int REQUEST = 0x0C5E_0001;
  private static final int REPLY = 0x0C5E_0002;
  private static final int OK = 0;
  private static final int FAILED = 1;

  private OcrWire() {}

  public static void writeRequest(DataOutputStream out, OcrRequest request) throws IOException {
    out.writeInt(REQUEST);
    writeString(out, request.language());
    out.writeInt(request.pageSegmentationMode());
    out.writeBoolean(request.wordBoxes());
    out.writeInt(request.timeoutMillis());
    writeString(out, request.fault());
    GrayPage page = request.page();
    out.writeInt(page.width());
    out.writeInt(page.height());
    out.writeInt(page.dpi());
    out.write(page.pixels());
    out.writeBoolean(request.detectOrientation());
    out.writeInt(request.weakBelow());
    out.flush();
  }

  /**
   * @return the request, or null at the end of the stream (the server closed the pipe)
   */
  public static OcrRequest readRequest(DataInputStream in) throws IOException {
    int magic;
    try {
      magic = in.readInt();
    } catch (EOFException e) {
      return null;
    }
    expect(magic, REQUEST);
    String language = readString(in);
    int mode = in.readInt();
    boolean words = in.readBoolean();
    int timeout = in.readInt();
    String fault = readString(in);
    int width = in.readInt();
    int height = in.readInt();
    int dpi = in.readInt();
    byte[] pixels = new byte[Math.multiplyExact(width, height)];
    in.readFully(pixels);
    boolean orientation = in.readBoolean();
    int weakBelow = in.readInt();
    return new OcrRequest(
        language,
        mode,
        words,
        timeout,
        fault,
        new GrayPage(width, height, dpi, pixels),
        orientation,
        weakBelow);
  }

  public static void writeReply(DataOutputStream out, PageText text) throws IOException {
    out.writeInt(REPLY);
    out.writeInt(OK);
    writeString(out, text.text());
    out.writeInt(text.confidence());
    writeString(out, text.tsv());
    out.writeLong(text.millis());
    Orientation orientation = text.orientation();
    out.writeBoolean(orientation.checked());
    out.writeInt(orientation.degrees());
    out.writeFloat(orientation.confidence());
    out.writeBoolean(orientation.detected());
    out.writeBoolean(orientation.rotated());
    out.flush();
  }

  public static void writeFailure(DataOutputStream out, OcrEngineException failure)
      throws IOException {
    out.writeInt(REPLY);
    out.writeInt(FAILED);
    writeString(out, failure.code());
    writeString(out, failure.getMessage());
    out.flush();
  }

  /**
   * @throws OcrEngineException when the child answered with a failure
   */
  public static PageText readReply(DataInputStream in) throws IOException, OcrEngineException {
    expect(in.readInt(), REPLY);
    if (in.readInt() == FAILED) {
      throw new OcrEngineException(readString(in), readString(in));
    }
    String text = readString(in);
    int confidence = in.readInt();
    String tsv = readString(in);
    long millis = in.readLong();
    Orientation orientation =
        new Orientation(
            in.readBoolean(), in.readInt(), in.readFloat(), in.readBoolean(), in.readBoolean());
    return new PageText(text, confidence, tsv, millis, orientation);
  }

  private static void expect(int magic, int wanted) throws IOException {
    if (magic != wanted) {
      throw new IOException(String.format("unexpected bytes on the OCR pipe (0x%08x)", magic));
    }
  }

  /** Strings longer than DataOutput's 64 KB UTF limit: a page of text can be bigger. */
  private static void writeString(DataOutputStream out, String value) throws IOException {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static String readString(DataInputStream in) throws IOException {
    byte[] bytes = new byte[in.readInt()];
    in.readFully(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
