package org.docbatch.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FormDataFilesTest {

  private static final String TYPE = "multipart/form-data; boundary=b0und";

  @Test
  void fileContentArrivesByteForByteAndOtherPartsAreSkipped() throws IOException {
    byte[] binary = new byte[70_000];
    for (int i = 0; i < binary.length; i++) {
      binary[i] = (byte) (i * 31); // CR, LF and dashes included, no line structure at all
    }
    InputStream body =
        join(
            "preamble\r\n--b0und\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello"
                + "\r\n--b0und\r\nContent-Disposition: form-data; name=\"file\";"
                + " filename=\"scan one.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n",
            binary,
            "\r\n--b0und\r\nContent-Disposition: form-data; name=\"file\"; filename=\"b.txt\""
                + "\r\n\r\nsecond\r\n--b0und--\r\nepilogue");

    Map<String, byte[]> files = read(body);

    assertEquals(List.of("scan one.bin", "b.txt"), new ArrayList<>(files.keySet()));
    assertArrayEquals(binary, files.get("scan one.bin"));
    assertEquals("second", new String(files.get("b.txt"), StandardCharsets.US_ASCII));
  }

  @Test
  void aFileTheTakerLeavesHalfReadDoesNotDisturbTheNext() throws IOException {
    InputStream body =
        join(
            "--b0und\r\nContent-Disposition: form-data; filename=\"a\"\r\n\r\n"
                + "x".repeat(20_000)
                + "\r\n--b0und\r\nContent-Disposition: form-data; filename=\"b\"\r\n\r\nB"
                + "\r\n--b0und--\r\n");
    List<String> seen = new ArrayList<>();

    FormDataFiles.read(body, TYPE, (name, content) -> seen.add(name + "=" + (char) content.read()));

    assertEquals(List.of("a=x", "b=B"), seen);
  }

  @Test
  void aBodyWithoutABoundaryOrWithEndlessHeadersIsMalformed() {
    assertThrows(
        FormDataFiles.MalformedException.class,
        () -> read(join("--b0und\r\n\r\nx"), "multipart/form-data"));

    String endless =
        "--b0und\r\n"
            + "X-Pad: 1\r\n".repeat(100)
            + "Content-Disposition: form-data;"
            + " filename=\"a\"\r\n\r\nx\r\n--b0und--\r\n";
    assertThrows(FormDataFiles.MalformedException.class, () -> read(join(endless)));
  }

  private static Map<String, byte[]> read(InputStream body) throws IOException {
    return read(body, TYPE);
  }

  private static Map<String, byte[]> read(InputStream body, String type) throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    FormDataFiles.read(body, type, (name, content) -> files.put(name, content.readAllBytes()));
    return files;
  }

  private static InputStream join(Object... pieces) {
    InputStream all = InputStream.nullInputStream();
    for (Object piece : pieces) {
      byte[] bytes =
          piece instanceof byte[] raw ? raw : ((String) piece).getBytes(StandardCharsets.UTF_8);
      all = new SequenceInputStream(all, new ByteArrayInputStream(bytes));
    }
    return all;
  }
}
