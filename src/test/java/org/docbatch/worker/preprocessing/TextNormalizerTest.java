package org.docbatch.worker.preprocessing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.StringReader;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TextNormalizerTest {

  @Test
  void composesDecomposedCharacters() {
    assertEquals("Caf\u00e9", TextNormalizer.cleanLine("Cafe\u0301"));
  }

  @Test
  void collapsesSpacesButKeepsTabsThatSeparateColumns() {
    assertEquals("a b\tc d", TextNormalizer.cleanLine("  a   b \t c\u00A0\u00A0d  "));
  }

  @Test
  void dropsControlCharacters() {
    assertEquals("ab c", TextNormalizer.cleanLine("a\u0000b\u001b \u0007c\u0085\uFEFF"));
  }

  @Test
  void collapsesBlankLineRunsAndDropsLeadingAndTrailingOnes() throws Exception {
    String input = "\n\n  \ntitle\r\n\r\n\r\n\t\r\nbody one\rbody two\n\n\n\n";
    StringWriter out = new StringWriter();

    TextNormalizer.Stats stats =
        TextNormalizer.normalize(new BufferedReader(new StringReader(input)), out);

    assertEquals("title\n\nbody one\nbody two\n", out.toString());
    assertEquals(4, stats.linesAfter());
    assertEquals(out.toString().length(), stats.charsAfter());
    assertEquals(12, stats.linesBefore());
  }
}
