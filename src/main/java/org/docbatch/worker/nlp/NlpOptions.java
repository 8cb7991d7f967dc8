package org.docbatch.worker.nlp;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.docbatch.worker.document.JobOptions;
import org.docbatch.worker.spi.DocumentException;

/**
 * The job options the NLP worker honours.
 *
 * @param annotators {@code annotators}, a comma-separated string or an array of names from {@link
 *     AnnotatorSet#OFFERED}, default {@code tokenize,ssplit,pos,lemma,ner}; what an annotator needs
 *     is added
 * @param sentiment {@code sentiment}, default false: adds {@code parse,sentiment} and a sentiment
 *     per sentence
 * @param maxChars {@code max_chars}, default 100,000, at most 1,000,000: longer texts fail with
 *     {@code text_too_long} before CoreNLP sees them (CoreNLP holds a few KB of annotations per
 *     token, and a worker thread holds a whole document)
 * @param topLemmas {@code top_lemmas}, default 20, 0..1000: how many of the most frequent content
 *     lemmas the result lists
 */
public record NlpOptions(AnnotatorSet annotators, boolean sentiment, int maxChars, int topLemmas) {

  public static final int DEFAULT_MAX_CHARS = 100_000;
  public static final int MAX_MAX_CHARS = 1_000_000;

  public static NlpOptions from(JsonObject json) throws DocumentException {
    JobOptions options = new JobOptions(json);
    AnnotatorSet annotators = annotators(json == null ? null : json.get("annotators"));
    boolean sentiment = options.flag("sentiment", false) || annotators.has("sentiment");
    if (sentiment) {
      annotators = annotators.with("sentiment");
    }
    return new NlpOptions(
        annotators,
        sentiment,
        options.integer("max_chars", DEFAULT_MAX_CHARS, 1, MAX_MAX_CHARS),
        options.integer("top_lemmas", 20, 0, 1000));
  }

  private static AnnotatorSet annotators(JsonValue value) throws DocumentException {
    if (value == null || value == JsonValue.NULL) {
      return AnnotatorSet.DEFAULT;
    }
    List<String> names = new ArrayList<>();
    if (value instanceof JsonString text) {
      for (String name : text.getString().split(",")) {
        names.add(name);
      }
    } else if (value instanceof JsonArray array) {
      for (JsonValue item : array) {
        if (!(item instanceof JsonString name)) {
          throw badAnnotators("must name annotators as strings", value);
        }
        names.add(name.getString());
      }
    } else {
      throw badAnnotators("must be a comma-separated string or an array of strings", value);
    }
    List<String> cleaned = new ArrayList<>();
    for (String name : names) {
      String trimmed = name.trim().toLowerCase(Locale.ROOT);
      if (!trimmed.isEmpty()) {
        cleaned.add(trimmed);
      }
    }
    if (cleaned.isEmpty()) {
      throw badAnnotators("must name at least one annotator", value);
    }
    try {
      return AnnotatorSet.of(cleaned);
    } catch (IllegalArgumentException e) {
      throw badAnnotators(
          "names an annotator docbatch does not offer ('"
              + e.getMessage()
              + "'); offered: "
              + String.join(", ", AnnotatorSet.OFFERED),
          value);
    }
  }

  private static DocumentException badAnnotators(String rule, JsonValue value) {
    return new DocumentException(
        "bad_option", "The job option annotators " + rule + " (got " + value + ").");
  }
}
