package org.docbatch.worker.nlp;

import edu.stanford.nlp.ling.CoreLabel;
import edu.stanford.nlp.pipeline.CoreDocument;
import edu.stanford.nlp.pipeline.CoreEntityMention;
import edu.stanford.nlp.pipeline.CoreSentence;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.docbatch.json.Json;

/**
 * Turns an annotated document into the JSON a person reads: counts, lemmas, entities, sentiment.
 */
final class NlpResult {

  /** Entities listed at most; the counts by type still cover them all. */
  static final int MAX_ENTITIES = 1000;

  /** Sentences listed in {@code sentences_detail} at most; {@code sentiment} counts them all. */
  static final int MAX_SENTENCES_DETAIL = 10_000;

  private NlpResult() {}

  static JsonObjectBuilder of(CoreDocument document, NlpOptions options) {
    List<CoreSentence> sentences = document.sentences();
    List<CoreLabel> tokens = document.tokens();
    JsonObjectBuilder result =
        Json.createObjectBuilder()
            .add("language", "en")
            .add("annotators", Json.createArrayBuilder(options.annotators().names()))
            .add("sentences", sentences == null ? 0 : sentences.size())
            .add("tokens", tokens == null ? 0 : tokens.size());
    if (options.annotators().has("lemma") && tokens != null) {
      LemmaSummary lemmas = new LemmaSummary();
      tokens.forEach(token -> lemmas.add(token.lemma(), token.tag()));
      result.add("lemmas", lemmas.toJson(options.topLemmas()));
    }
    if (options.annotators().has("ner")) {
      addEntities(document, result);
    }
    if (options.sentiment() && sentences != null) {
      addSentiment(sentences, result);
    }
    return result;
  }

  private static void addEntities(CoreDocument document, JsonObjectBuilder result) {
    List<CoreEntityMention> mentions = document.entityMentions();
    if (mentions == null) {
      mentions = List.of();
    }
    JsonArrayBuilder entities = Json.createArrayBuilder();
    Map<String, Integer> types = new TreeMap<>();
    int listed = 0;
    for (CoreEntityMention mention : mentions) {
      types.merge(mention.entityType(), 1, Integer::sum);
      if (listed++ < MAX_ENTITIES) {
        entities.add(
            Json.createObjectBuilder()
                .add("text", mention.text())
                .add("type", mention.entityType())
                .add("begin", mention.charOffsets().first())
                .add("end", mention.charOffsets().second()));
      }
    }
    JsonObjectBuilder byType = Json.createObjectBuilder();
    types.forEach(byType::add);
    result
        .add("entities", entities)
        .add("entity_count", mentions.size())
        .add("entity_types", byType)
        .add("entities_truncated", mentions.size() > MAX_ENTITIES);
  }

  private static void addSentiment(List<CoreSentence> sentences, JsonObjectBuilder result) {
    JsonArrayBuilder detail = Json.createArrayBuilder();
    Map<String, Integer> counts = new TreeMap<>();
    for (int i = 0; i < sentences.size(); i++) {
      CoreSentence sentence = sentences.get(i);
      JsonObjectBuilder row =
          Json.createObjectBuilder()
              .add("index", i)
              .add("begin", sentence.charOffsets().first())
              .add("end", sentence.charOffsets().second())
              .add("tokens", sentence.tokens().size());
      String sentiment = sentence.sentiment();
      if (sentiment != null) {
        row.add("sentiment", sentiment);
        counts.merge(sentiment, 1, Integer::sum);
      }
      if (i < MAX_SENTENCES_DETAIL) {
        detail.add(row);
      }
    }
    JsonObjectBuilder summary = Json.createObjectBuilder();
    counts.forEach(summary::add);
    result
        .add("sentences_detail", detail)
        .add("sentences_detail_truncated", sentences.size() > MAX_SENTENCES_DETAIL)
        .add("sentiment", summary);
  }
}
