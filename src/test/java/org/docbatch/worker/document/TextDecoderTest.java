package org.docbatch.worker.document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.docbatch.testdocs.TestDocuments;
import org.docbatch.worker.spi.DocumentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextDecoderTest {

  @TempDir Path folder;

  @Test
  void detectsUtf8WithoutBom() throws Exception {
    TextEncoding encoding = TextDecoder.detect(TestDocuments.utf8Text(folder));

    assertEquals("UTF-8", encoding.name());
    assertFalse(encoding.hasBom());
  }

  @Test
  void detectsWindows1252AndDecodesItsAccents() throws Exception {
    Path file = TestDocuments.windows1252Text(folder);

    TextEncoding encoding = TextDecoder.detect(file);

    assertEquals("windows-1252", encoding.name());
    assertEquals(TestDocuments.WINDOWS_1252_CONTENT.strip(), readAll(file, encoding));
  }

  @Test
  void honoursAndSkipsByteOrderMarks() throws Exception {
    Path utf8 = folder.resolve("bom8.txt");
    Files.write(
        utf8,
        concat(
            new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
            "héllo".getBytes(StandardCharsets.UTF_8)));
    Path utf16 = folder.resolve("bom16.txt");
    Files.write(
        utf16,
        concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, "héllo".getBytes(StandardCharsets.UTF_16LE)));

    TextEncoding utf8Encoding = TextDecoder.detect(utf8);
    TextEncoding utf16Encoding = TextDecoder.detect(utf16);

    assertEquals("UTF-8", utf8Encoding.name());
    assertEquals(3, utf8Encoding.bomLength());
    assertEquals("héllo", readAll(utf8, utf8Encoding));
    assertEquals("UTF-16LE", utf16Encoding.name());
    assertEquals("héllo", readAll(utf16, utf16Encoding));
  }

  @Test
  void refusesBinaryContent() {
    DocumentException e =
        assertThrows(
            DocumentException.class,
            () -> TextDecoder.detect(TestDocuments.binaryNamedTxt(folder)));

    assertEquals("not_text", e.code());
  }

  @Test
  void toleratesAFewControlCharactersButNotMany() {
    byte[] fewControls = "page one\fpage two\u001b ok".getBytes(StandardCharsets.US_ASCII);
    byte[] manyControls = new byte[100];
    for (int i = 0; i < manyControls.length; i++) {
      manyControls[i] = (byte) (i % 2 == 0 ? 'a' : 0x01);
    }

    assertTrue(TextDecoder.looksLikeText(fewControls, fewControls.length));
    assertFalse(TextDecoder.looksLikeText(manyControls, manyControls.length));
  }

  private static String readAll(Path file, TextEncoding encoding) throws Exception {
    try (BufferedReader reader = TextDecoder.open(file, encoding)) {
      return reader.lines().collect(Collectors.joining("\n"));
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] result = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, result, a.length, b.length);
    return result;
  }
}
