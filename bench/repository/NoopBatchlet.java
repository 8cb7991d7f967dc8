import jakarta.batch.api.AbstractBatchlet;

/** A partition that does nothing: the job's time is JBeret's and the repository's. */
public final class NoopBatchlet extends AbstractBatchlet {

  @Override
  public String process() {
    return "DONE";
  }
}
