package org.docbatch.library;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeyGlobTest {

  @Test
  void doubleStarSlashMatchesAnyFolderAndNone() {
    KeyGlob pdfs = KeyGlob.of("**/*.pdf");
    assertTrue(pdfs.matches("a.pdf"));
    assertTrue(pdfs.matches("x/y/a.pdf"));
    assertFalse(pdfs.matches("a.pdf.txt"));
    assertFalse(pdfs.matches("x/a.PDF"));
  }

  @Test
  void singleStarAndQuestionMarkStayInOneSegment() {
    KeyGlob top = KeyGlob.of("*.tif");
    assertTrue(top.matches("scan.tif"));
    assertFalse(top.matches("day/scan.tif"));
    assertTrue(KeyGlob.of("page-??.png").matches("page-07.png"));
    assertFalse(KeyGlob.of("page-??.png").matches("page-7/.png"));
  }

  @Test
  void setsAlternativesAndLiterals() {
    assertTrue(KeyGlob.of("{a,b}/[0-9]*.txt").matches("b/7x.txt"));
    assertFalse(KeyGlob.of("{a,b}/[0-9]*.txt").matches("c/7x.txt"));
    assertTrue(KeyGlob.of("[!x]+(1).txt").matches("y+(1).txt"));
    assertFalse(KeyGlob.of("[!x]+(1).txt").matches("x+(1).txt"));
    assertTrue(KeyGlob.of("a.b$c^").matches("a.b$c^"));
    assertFalse(KeyGlob.of("a.b").matches("axb"));
  }

  @Test
  void malformedGlobsSayWhy() {
    for (String bad : List.of("{a,b", "a}", "[abc", "")) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> KeyGlob.of(bad), bad);
      assertFalse(e.getMessage().isBlank());
    }
    assertEquals(
        "a '{' in the glob is not closed by '}'",
        assertThrows(IllegalArgumentException.class, () -> KeyGlob.of("{x")).getMessage());
  }
}
