package org.docbatch.worker.nlp;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.docbatch.json.Json;

/**
 * What a document is about, in lemmas: the most frequent lemmas of its content words (nouns, verbs,
 * adjectives, adverbs by their Penn Treebank tags), so that "visits", "visited" and "visiting"
 * count as one "visit". Auxiliaries and tokens without a letter are left out; common nouns and
 * verbs are lower-cased, proper nouns keep their case.
 */
final class LemmaSummary {

  /** Verbs that carry grammar rather than content. */
  private static final Set<String> AUXILIARIES = Set.of("be", "have", "do", "will", "shall", "'s");

  private final Map<String, Integer> counts = new HashMap<>();
  private int contentWords;

  /** Counts one token; ignores it unless it is a content word. */
  void add(String lemma, String tag) {
    if (lemma == null || tag == null || !isContentTag(tag) || !hasLetter(lemma)) {
      return;
    }
    String key = tag.startsWith("NNP") ? lemma : lemma.toLowerCase(Locale.ROOT);
    if (AUXILIARIES.contains(key)) {
      return;
    }
    contentWords++;
    counts.merge(key, 1, Integer::sum);
  }

  /** The {@code top} most frequent, most frequent first, ties in alphabetical order. */
  List<Map.Entry<String, Integer>> top(int top) {
    return counts.entrySet().stream()
        .sorted(
            Comparator.comparing(Map.Entry<String, Integer>::getValue)
                .reversed()
                .thenComparing(Map.Entry::getKey))
        .limit(top)
        .toList();
  }

  /** {@code content_words}, {@code distinct} and {@code top}: [{lemma, count}, ...]. */
  JsonObject toJson(int top) {
    JsonArrayBuilder list = Json.createArrayBuilder();
    for (Map.Entry<String, Integer> entry : top(top)) {
      list.add(
          Json.createObjectBuilder().add("lemma", entry.getKey()).add("count", entry.getValue()));
    }
    return Json.createObjectBuilder()
        .add("content_words", contentWords)
        .add("distinct", counts.size())
        .add("top", list)
        .build();
  }

  private static boolean isContentTag(String tag) {
    return tag.startsWith("NN")
        || tag.startsWith("VB")
        || tag.startsWith("JJ")
        || tag.startsWith("RB");
  }

  private static boolean hasLetter(String lemma) {
    return lemma.codePoints().anyMatch(Character::isLetter);
  }
}
