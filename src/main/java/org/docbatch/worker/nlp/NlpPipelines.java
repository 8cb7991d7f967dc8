package org.docbatch.worker.nlp;

import edu.stanford.nlp.pipeline.StanfordCoreNLP;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This node's CoreNLP pipelines: one per distinct annotator set, built the first time a document
 * asks for it and then shared by every thread of the NLP pool (a {@link StanfordCoreNLP} is safe to
 * share: docs/design.md measured identical results, and one copy of the models costs hundreds of
 * MB). Building one takes from under a second (tokenize..lemma) to about ten (with NER), so it
 * happens once per node and set, never per document; threads that need a set being built wait for
 * it. CoreNLP itself reuses an annotator with identical properties across pipelines, so the default
 * set and the same set plus sentiment share their NER models.
 *
 * <p>A build that fails (models missing) is not remembered: the next document tries again.
 */
final class NlpPipelines {

  /** A pipeline and, when this call built it, how long that took. */
  record Loaded(StanfordCoreNLP pipeline, long loadMillis, boolean builtNow) {}

  private final Map<String, Slot> slots = new ConcurrentHashMap<>();

  Loaded get(AnnotatorSet annotators) {
    return slots.computeIfAbsent(annotators.property(), key -> new Slot()).get(annotators);
  }

  /** Building is slow, so it happens under the slot's own lock, not the map's. */
  private static final class Slot {
    private volatile StanfordCoreNLP pipeline;

    Loaded get(AnnotatorSet annotators) {
      StanfordCoreNLP built = pipeline;
      if (built != null) {
        return new Loaded(built, 0, false);
      }
      synchronized (this) {
        if (pipeline != null) {
          return new Loaded(pipeline, 0, false);
        }
        long started = System.nanoTime();
        pipeline = new StanfordCoreNLP(PipelineSettings.properties(annotators));
        return new Loaded(pipeline, (System.nanoTime() - started) / 1_000_000, true);
      }
    }
  }
}
