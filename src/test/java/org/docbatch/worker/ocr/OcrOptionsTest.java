package org.docbatch.worker.ocr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.List;
import org.docbatch.json.Json;
import org.docbatch.worker.spi.DocumentException;
import org.junit.jupiter.api.Test;

class OcrOptionsTest {

  private static final List<String> INSTALLED = List.of("eng", "osd");

  @Test
  void anIsoCodeIsTakenAsTesseractsCode() throws Exception {
    assertEquals("eng", options("{\"language\": \"en\"}").language());
    assertEquals("eng", options("{\"language\": \"eng\"}").language());
  }

  @Test
  void languagesJoinedByPlusMayMixIsoAndTesseractCodes() throws Exception {
    OcrOptions options = OcrOptions.from(json("{\"language\": \"en+deu\"}"), List.of("deu", "eng"));
    assertEquals("eng+deu", options.language());
  }

  @Test
  void anUninstalledIsoLanguageIsRefusedWithTheInstalledList() {
    DocumentException refused =
        assertThrows(DocumentException.class, () -> options("{\"language\": \"de\"}"));

    assertEquals("bad_option", refused.code());
    assertTrue(refused.getMessage().contains("de (deu)"), refused.getMessage());
    assertTrue(refused.getMessage().contains("installed: eng, osd"), refused.getMessage());
    assertTrue(refused.getMessage().contains("tesseract-ocr-deu"), refused.getMessage());
  }

  @Test
  void orientationAndTheSecondReadingAreOnByDefault() throws Exception {
    OcrOptions defaults = options("{}");
    assertTrue(defaults.autoRotate());
    assertEquals(60, defaults.minPageConfidence());

    OcrOptions set = options("{\"auto_rotate\": false, \"min_page_confidence\": 80}");
    assertFalse(set.autoRotate());
    assertEquals(80, set.minPageConfidence());
  }

  @Test
  void outputsAreNoneByDefaultAndAskForWordsUnlessOnlyText() throws Exception {
    assertTrue(options("{}").outputs().isEmpty());
    assertFalse(options("{\"outputs\": [\"text\"]}").wantsWords());
    OcrOptions all = options("{\"outputs\": [\"pdf\", \"hocr\", \"alto\", \"tsv\", \"text\"]}");
    assertEquals(5, all.outputs().size());
    assertTrue(all.wantsWords());
  }

  @Test
  void unknownOutputsAreRefusedByName() {
    DocumentException refused =
        assertThrows(
            DocumentException.class, () -> options("{\"outputs\": [\"pdf\", \"docx\", 3]}"));
    assertEquals("bad_option", refused.code());
    assertTrue(refused.getMessage().contains("\"docx\", 3"), refused.getMessage());
    assertTrue(refused.getMessage().contains("text, pdf, hocr, alto, tsv"), refused.getMessage());
    assertThrows(DocumentException.class, () -> options("{\"outputs\": \"pdf\"}"));
  }

  @Test
  void aConfidenceOutsideZeroToHundredIsRefused() {
    DocumentException refused =
        assertThrows(DocumentException.class, () -> options("{\"min_page_confidence\": 101}"));
    assertEquals("bad_option", refused.code());
    assertThrows(DocumentException.class, () -> options("{\"auto_rotate\": \"yes\"}"));
  }

  private static OcrOptions options(String json) throws DocumentException {
    return OcrOptions.from(json(json), INSTALLED);
  }

  private static JsonObject json(String text) {
    return Json.createReader(new StringReader(text)).readObject();
  }
}
