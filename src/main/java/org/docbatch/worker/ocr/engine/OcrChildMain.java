package org.docbatch.worker.ocr.engine;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Path;

/**
 * An OCR child process: reads page requests on standard input and answers on standard output, one
 * at a time, until the server closes the pipe. If libtesseract crashes, only this process dies; the
 * server reports that document's failure and starts another child.
 *
 * <p>Arguments: the engine ({@link OcrEngine#NAMES}), the tessdata folder, and {@code faults} to
 * honour injected faults (tests only).
 */
public final class OcrChildMain {

  private OcrChildMain() {}

  public static void main(String[] args) throws IOException {
    String engineName = args[0];
    Path tessdata = Path.of(args[1]);
    boolean faults = args.length > 2 && "faults".equals(args[2]);
    DataOutputStream out =
        new DataOutputStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out)));
    // Anything else that prints goes to the log, not into the replies.
    System.setOut(System.err);
    DataInputStream in = new DataInputStream(new BufferedInputStream(System.in, 1 << 16));
    try (OcrEngine engine = OcrEngine.open(engineName, tessdata, faults)) {
      OcrRequest request;
      while ((request = OcrWire.readRequest(in)) != null) {
        try {
          OcrWire.writeReply(out, engine.recognize(request));
        } catch (OcrEngineException e) {
          OcrWire.writeFailure(out, e);
        }
      }
    }
  }
}
