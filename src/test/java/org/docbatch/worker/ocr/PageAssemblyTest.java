package org.docbatch.worker.ocr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.util.List;
import org.docbatch.json.Json;
import org.docbatch.worker.spi.DocumentException;
import org.junit.jupiter.api.Test;

class PageAssemblyTest {

  private static final OcrOptions OPTIONS = options();

  @Test
  void pagesArePutInPageOrderWithTextLayerPagesBetweenThem() throws Exception {
    JsonObject plan = plan(4, List.of(1, 2, 4), List.of(textPage(3, "three")));

    JsonObject result =
        PageAssembly.assemble(
            OPTIONS, plan, List.of(read(4, "four", 80), read(1, "one", 90), read(2, "two", 70)));

    assertEquals("one\n\ntwo\n\nthree\n\nfour", result.getString("text"));
    assertEquals(4, result.getInt("page_count"));
    assertEquals(4, result.getInt("pages_read"));
    assertEquals(3, result.getInt("pages_ocr"));
    assertEquals(80.0, result.getJsonNumber("mean_confidence").doubleValue());
    assertEquals(3, result.getJsonArray("pages").getJsonObject(2).getInt("page"));
    assertFalse(result.getJsonArray("pages").getJsonObject(0).containsKey("status"));
    assertFalse(result.containsKey("failed_pages"));
  }

  @Test
  void aFailedPageFailsAloneWithAWarning() throws Exception {
    JsonObject plan = plan(3, List.of(1, 2, 3), List.of());

    JsonObject result =
        PageAssembly.assemble(
            OPTIONS,
            plan,
            List.of(read(1, "one", 90), failed(2, "ocr_timeout"), read(3, "three", 90)));

    assertEquals("one\n\nthree", result.getString("text"));
    assertEquals(2, result.getInt("pages_read"));
    assertEquals(2, result.getJsonArray("failed_pages").getInt(0));
    JsonObject warning = result.getJsonArray("warnings").getJsonObject(0);
    assertEquals("pages_failed", warning.getString("code"));
    assertTrue(warning.getString("message").contains("page 2 (ocr_timeout"), warning.toString());
  }

  @Test
  void aDocumentFailsWhenEveryPageFailed() {
    JsonObject plan = plan(2, List.of(1, 2), List.of());

    DocumentException e =
        assertThrows(
            DocumentException.class,
            () ->
                PageAssembly.assemble(
                    OPTIONS, plan, List.of(failed(1, "ocr_timeout"), failed(2, "ocr_timeout"))));

    assertEquals("ocr_timeout", e.code());
    assertTrue(e.getMessage().contains("2 of 2 pages"), e.getMessage());
  }

  private static JsonObject plan(int pages, List<Integer> toRead, List<JsonObject> textPages) {
    return Json.createObjectBuilder()
        .add("page_count", pages)
        .add("truncated", false)
        .add("dpi", 300)
        .add("detected_type", "pdf")
        .add("read_pages", Json.createArrayBuilder(toRead))
        .add("text_pages", Json.createArrayBuilder(textPages))
        .build();
  }

  private static JsonObject textPage(int page, String text) {
    return Json.createObjectBuilder()
        .add("page", page)
        .add("source", "text_layer")
        .add("text", text)
        .add("word_count", 1)
        .build();
  }

  private static JsonObject read(int page, String text, int confidence) {
    return Json.createObjectBuilder()
        .add("page", page)
        .add("source", "ocr")
        .add("text", text)
        .add("confidence", confidence)
        .add("word_count", 1)
        .add("ocr_ms", 10)
        .add("status", "completed")
        .add("duration_ms", 12)
        .add("node", "n1")
        .build();
  }

  private static JsonObject failed(int page, String code) {
    return Json.createObjectBuilder()
        .add("page", page)
        .add("status", "failed")
        .add("error", Json.createObjectBuilder().add("code", code).add("message", "too slow"))
        .build();
  }

  private static OcrOptions options() {
    try {
      return OcrOptions.from(Json.createObjectBuilder().build(), List.of("eng"));
    } catch (DocumentException e) {
      throw new IllegalStateException(e);
    }
  }
}
