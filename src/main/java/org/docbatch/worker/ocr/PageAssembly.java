package org.docbatch.worker.ocr;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.docbatch.json.Json;
import org.docbatch.worker.spi.DocumentException;
import org.docbatch.worker.spi.ResultLimits;

/**
 * Puts a paged document's result together from its plan and its pages' readings, in page order, in
 * the shape of a document read in one piece. A page that failed fails alone: it is listed in {@code
 * failed_pages} with a {@code warnings} entry, and the document fails only when no page was read.
 */
final class PageAssembly {

  private PageAssembly() {}

  static JsonObject assemble(OcrOptions options, JsonObject plan, List<JsonObject> readings)
      throws DocumentException {
    Map<Integer, JsonObject> byPage = new TreeMap<>();
    plan.getJsonArray("text_pages")
        .getValuesAs(JsonObject.class)
        .forEach(page -> byPage.put(page.getInt("page"), page));
    readings.forEach(page -> byPage.put(page.getInt("page"), page));

    JsonArrayBuilder pages = Json.createArrayBuilder();
    KeptText text = new KeptText(ResultLimits.maxChars());
    JsonArrayBuilder warnings = Json.createArrayBuilder();
    int texts = 0;
    List<JsonObject> failed = new ArrayList<>();
    int ocrPages = 0;
    int words = 0;
    double confidenceSum = 0;
    long ocrMillis = 0;
    long pageMillis = 0;
    for (JsonObject page : byPage.values()) {
      if ("failed".equals(page.getString("status", ""))) {
        failed.add(page);
        continue;
      }
      JsonObjectBuilder read = Json.createObjectBuilder(page);
      read.remove("status");
      read.remove("text");
      read.remove("finished_at"); // the page's task shows it (GET /api/tasks), not the result
      text.append(read, page.getString("text", "").strip());
      pages.add(read);
      texts++;
      if (NoTextFound.CODE.equals(page.getString("warning", ""))) {
        warnings.add(NoTextFound.warning(page.getInt("page")));
      }
      words += page.getInt("word_count", 0);
      pageMillis += longOf(page, "duration_ms");
      if ("ocr".equals(page.getString("source", ""))) {
        ocrPages++;
        confidenceSum += page.getJsonNumber("confidence").doubleValue();
        ocrMillis += longOf(page, "ocr_ms");
      }
    }
    if (texts == 0) {
      throw noPageRead(failed);
    }
    JsonObjectBuilder result =
        Json.createObjectBuilder()
            .add("text", text.text())
            .add("text_chars", text.fullChars())
            .add("text_truncated", text.truncated())
            .add("pages", pages)
            .add("pages_read", texts)
            .add("pages_ocr", ocrPages)
            .add("word_count", words)
            .add("language", options.language())
            .add("psm", options.pageSegmentationMode())
            .add("ocr_ms", ocrMillis)
            .add("truncated", plan.getBoolean("truncated", false))
            .add("dpi", plan.getInt("dpi", options.dpi()))
            .add("detected_type", plan.getString("detected_type", "pdf"))
            .add("paged", true)
            .add("total_ms", pageMillis);
    // A TIFF read only to max_pages was not counted further (TiffPages).
    if (plan.containsKey("page_count")) {
      result.add("page_count", plan.getInt("page_count"));
    }
    if (plan.containsKey("input")) {
      result.add("input", plan.getString("input"));
    }
    if (ocrPages > 0) {
      result.add("mean_confidence", Math.round(confidenceSum * 10.0 / ocrPages) / 10.0);
    }
    if (!failed.isEmpty()) {
      JsonArrayBuilder numbers = Json.createArrayBuilder();
      failed.forEach(page -> numbers.add(page.getInt("page")));
      result.add("failed_pages", numbers);
      warnings.add(
          Json.createObjectBuilder()
              .add("code", "pages_failed")
              .add(
                  "message",
                  failedMessage(failed, byPage.size()) + " the other pages are in the result."));
    }
    result.add("warnings", warnings);
    return result.build();
  }

  private static DocumentException noPageRead(List<JsonObject> failed) {
    String code =
        failed.stream().map(PageAssembly::code).distinct().count() == 1
            ? code(failed.get(0))
            : "pages_failed";
    return new DocumentException(
        code, "None of its pages could be read. " + failedMessage(failed, failed.size()));
  }

  private static String failedMessage(List<JsonObject> failed, int pages) {
    StringBuilder message =
        new StringBuilder()
            .append(failed.size())
            .append(" of ")
            .append(pages)
            .append(" pages could not be read:");
    for (JsonObject page : failed) {
      message.append(" page ").append(page.getInt("page")).append(" (").append(code(page));
      JsonObject error = page.getJsonObject("error");
      if (error != null && error.containsKey("message")) {
        message.append(": ").append(error.getString("message"));
      }
      message.append(");");
    }
    return message.toString();
  }

  private static String code(JsonObject page) {
    JsonObject error = page.getJsonObject("error");
    return error == null ? "unknown" : error.getString("code", "unknown");
  }

  private static long longOf(JsonObject page, String name) {
    JsonValue value = page.get(name);
    return value instanceof JsonNumber number ? number.longValue() : 0;
  }
}
