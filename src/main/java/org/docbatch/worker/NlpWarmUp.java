package org.docbatch.worker;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.docbatch.store.JobType;
import org.docbatch.worker.nlp.NlpProcessor;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code NLP_WARMUP_DOCUMENTS}: on a node that serves NLP, loads the default CoreNLP pipeline and
 * runs it over a bundled text that many times in the background once the application has started,
 * so that the node's first NLP job finds the models loaded (5-10 s with NER) and CoreNLP's code
 * compiled. Off by default: the pipeline then stays in the heap (about 340 MB with the default NER)
 * whether NLP jobs come or not, and the warm-up's CPU competes with the node's first jobs of other
 * types.
 */
@ApplicationScoped
public class NlpWarmUp {

  private static final Logger LOG = Logger.getLogger(NlpWarmUp.class.getName());

  @Inject
  @ConfigProperty(name = "nlp.warmup.documents", defaultValue = "0")
  int documents;

  @Inject ProcessorCatalog processors;

  private Thread thread;

  void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
    if (documents <= 0 || !processors.offers(JobType.NLP)) {
      return;
    }
    NlpProcessor nlp = (NlpProcessor) processors.forType(JobType.NLP.id());
    thread = new Thread(() -> warm(nlp), "docbatch-nlp-warm-up");
    thread.setDaemon(true);
    thread.start();
  }

  private void warm(NlpProcessor nlp) {
    long began = System.nanoTime();
    try {
      int ran = nlp.warmUp(documents);
      long millis = (System.nanoTime() - began) / 1_000_000;
      LOG.info(
          () ->
              "DOCBATCH-1900 NLP warmed up: the default pipeline loaded and run over "
                  + ran
                  + " documents in "
                  + millis
                  + " ms");
    } catch (Exception e) {
      // The first NLP document builds the pipeline again, and reports what is wrong.
      LOG.log(Level.WARNING, "DOCBATCH-1901 NLP warm-up failed: " + e.getMessage(), e);
    }
  }

  void stop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object stopping) {
    if (thread != null) {
      thread.interrupt();
    }
  }
}
