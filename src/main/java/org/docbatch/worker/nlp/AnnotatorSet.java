package org.docbatch.worker.nlp;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The CoreNLP annotators one job asks for, completed with what each needs and put in the order
 * CoreNLP runs them. Asking for {@code ner} therefore means {@code tokenize,ssplit,pos,lemma,ner}:
 * CoreNLP would otherwise refuse to build the pipeline, and the same set written two ways shares
 * one pipeline.
 */
public record AnnotatorSet(List<String> names) {

  /** Every annotator docbatch offers, in CoreNLP's running order. */
  public static final List<String> OFFERED =
      List.of("tokenize", "ssplit", "pos", "lemma", "ner", "parse", "sentiment");

  private static final Map<String, List<String>> NEEDS =
      Map.of(
          "tokenize", List.of(),
          "ssplit", List.of("tokenize"),
          "pos", List.of("ssplit"),
          "lemma", List.of("pos"),
          "ner", List.of("lemma"),
          "parse", List.of("pos"),
          "sentiment", List.of("parse"));

  /** The default: sentences, tokens, lemmas and named entities. */
  public static final AnnotatorSet DEFAULT =
      of(List.of("tokenize", "ssplit", "pos", "lemma", "ner"));

  public AnnotatorSet {
    names = List.copyOf(names);
  }

  /**
   * @throws IllegalArgumentException naming the first annotator docbatch does not offer
   */
  public static AnnotatorSet of(Collection<String> requested) {
    Set<String> wanted = new LinkedHashSet<>();
    for (String name : requested) {
      addWithNeeds(name, wanted);
    }
    List<String> ordered = new ArrayList<>();
    for (String name : OFFERED) {
      if (wanted.contains(name)) {
        ordered.add(name);
      }
    }
    return new AnnotatorSet(ordered);
  }

  /** This set plus {@code extra} (and what they need). */
  public AnnotatorSet with(String... extra) {
    List<String> all = new ArrayList<>(names);
    all.addAll(List.of(extra));
    return of(all);
  }

  public boolean has(String annotator) {
    return names.contains(annotator);
  }

  /** CoreNLP's {@code annotators} property, and the key of the pipeline built for this set. */
  public String property() {
    return String.join(",", names);
  }

  private static void addWithNeeds(String name, Set<String> wanted) {
    List<String> needs = NEEDS.get(name);
    if (needs == null) {
      throw new IllegalArgumentException(name);
    }
    for (String need : needs) {
      addWithNeeds(need, wanted);
    }
    wanted.add(name);
  }
}
