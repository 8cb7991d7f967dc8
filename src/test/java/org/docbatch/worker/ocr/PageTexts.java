package org.docbatch.worker.ocr;

import jakarta.json.Json;
import jakarta.json.JsonObject;

/** A page of an OCR result with its {@code text}: the result keeps it once, pages point into it. */
final class PageTexts {

  private PageTexts() {}

  static JsonObject page(JsonObject result, int index) {
    JsonObject page = result.getJsonArray("pages").getJsonObject(index);
    String text =
        result.getString("text").substring(page.getInt("text_begin"), page.getInt("text_end"));
    return Json.createObjectBuilder(page).add("text", text).build();
  }
}
