package org.docbatch.worker.nlp;

import java.net.URL;
import java.util.Optional;

/**
 * Where this node's CoreNLP models are, if anywhere. The models jar is not in the WAR: WildFly's
 * {@code ee} global directory {@code corenlp-models} ({@code CORENLP_MODELS_DIR}, see {@code
 * wildfly-config/server.cli}) puts every jar in that folder on the deployment's class path, where
 * CoreNLP looks its models up as resources. The POS tagger stands for them all: every pipeline
 * docbatch builds needs it, and it comes in the same jar as the rest.
 */
public final class CoreNlpModels {

  /** A model every docbatch pipeline loads. */
  public static final String PROBE =
      "edu/stanford/nlp/models/pos-tagger/english-left3words-distsim.tagger";

  /** The models jar docbatch is built and tested with. */
  public static final String JAR = "stanford-corenlp-4.5.10-models.jar";

  private CoreNlpModels() {}

  /** The class path location of the models (a {@code jar:file:...!/...} URL), when present. */
  public static Optional<URL> find() {
    return Optional.ofNullable(CoreNlpModels.class.getClassLoader().getResource(PROBE));
  }

  /** The folder or jar the models were found in, for people to read. */
  public static Optional<String> location() {
    return find()
        .map(
            url -> {
              String text = url.toString();
              int inJar = text.indexOf("!/");
              String jar = inJar < 0 ? text : text.substring(0, inJar);
              return jar.replaceFirst("^jar:", "").replaceFirst("^file:", "");
            });
  }

  /** {@code CORENLP_MODELS_DIR} as this node was started with it, or null. */
  public static String configuredDirectory() {
    return System.getenv("CORENLP_MODELS_DIR");
  }

  /** What to tell a user whose document met a node without models. */
  static String missingMessage() {
    String dir = configuredDirectory();
    String fix =
        dir == null
            ? "CORENLP_MODELS_DIR is not set; set it to a folder holding " + JAR
            : "there is no " + JAR + " in CORENLP_MODELS_DIR=" + dir + "; put it there";
    return "This node has no Stanford CoreNLP models: "
        + fix
        + " and restart the node (bin/run does this from the Maven cache), then retry the job.";
  }
}
