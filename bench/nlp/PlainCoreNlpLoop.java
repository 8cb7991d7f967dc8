import edu.stanford.nlp.pipeline.CoreDocument;
import edu.stanford.nlp.pipeline.StanfordCoreNLP;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.docbatch.worker.nlp.AnnotatorSet;
import org.docbatch.worker.nlp.PipelineSettings;

/**
 * The benchmark's baseline (bench/nlp-vs-corenlp.sh), not a test: plain CoreNLP over a folder of
 * text files, one pipeline built with docbatch's own properties (PipelineSettings) and shared by
 * THREADS threads, as docbatch's NLP pool shares it. The first WARMUP files (sorted by name) warm
 * it up, as docbatch's warm-up job does; the rest are timed, RUNS times over. Prints one JSON object.
 *
 * <p>java -cp CLASSPATH bench/nlp/PlainCoreNlpLoop.java FOLDER THREADS WARMUP ANNOTATORS RUNS
 */
public final class PlainCoreNlpLoop {

  public static void main(String[] args) throws Exception {
    Path folder = Path.of(args[0]);
    int threads = Integer.parseInt(args[1]);
    int warmup = Integer.parseInt(args[2]);
    AnnotatorSet annotators = AnnotatorSet.of(List.of(args[3].split(",")));
    int rounds = Integer.parseInt(args[4]);
    List<Path> files;
    try (Stream<Path> listing = Files.list(folder)) {
      files = listing.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
    }

    long loadStarted = System.nanoTime();
    StanfordCoreNLP pipeline = new StanfordCoreNLP(PipelineSettings.properties(annotators));
    long loadMillis = (System.nanoTime() - loadStarted) / 1_000_000;

    ExecutorService pool = Executors.newFixedThreadPool(threads);
    double warmupSeconds =
        run(pipeline, pool, threads, files.subList(0, warmup), new AtomicInteger());
    List<Path> timed = files.subList(warmup, files.size());
    StringBuilder runs = new StringBuilder();
    int tokensPerRun = 0;
    for (int r = 0; r < rounds; r++) {
      AtomicInteger tokens = new AtomicInteger();
      double cpuBefore = processCpuSeconds();
      double busyBefore = machineBusySeconds();
      double seconds = run(pipeline, pool, threads, timed, tokens);
      double cpu = processCpuSeconds() - cpuBefore;
      double busy = machineBusySeconds() - busyBefore;
      tokensPerRun = tokens.get();
      runs.append(r == 0 ? "" : ", ")
          .append(
              String.format(
                  "{\"seconds\": %.3f, \"docs_per_s\": %.3f, \"cpu_s\": %.2f, \"others_cpu_s\": %.2f}",
                  seconds, timed.size() / seconds, cpu, busy - cpu));
    }
    pool.shutdown();

    System.out.printf(
        "{\"documents\": %d, \"threads\": %d, \"load_ms\": %d, \"warmup_s\": %.3f, \"tokens\": %d,"
            + " \"runs\": [%s]}%n",
        timed.size(), threads, loadMillis, warmupSeconds, tokensPerRun, runs);
  }

  private static double processCpuSeconds() {
    return ((com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime()
        / 1e9;
  }

  /** CPU time every process of the machine used so far (/proc/stat, in clock ticks of 10 ms). */
  private static double machineBusySeconds() throws java.io.IOException {
    String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
    long ticks = 0;
    for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
      ticks += Long.parseLong(cpu[i]);
    }
    return ticks / 100.0;
  }

  /** Annotates every file, each thread taking the next one, like a worker pool; wall seconds. */
  private static double run(
      StanfordCoreNLP pipeline,
      ExecutorService pool,
      int threads,
      List<Path> files,
      AtomicInteger tokens)
      throws Exception {
    AtomicInteger next = new AtomicInteger();
    long started = System.nanoTime();
    List<Future<Object>> workers =
        Stream.generate(
                () ->
                    pool.submit(
                        () -> {
                          for (int i; (i = next.getAndIncrement()) < files.size(); ) {
                            CoreDocument document =
                                new CoreDocument(
                                    Files.readString(files.get(i), StandardCharsets.UTF_8));
                            pipeline.annotate(document);
                            tokens.addAndGet(document.tokens().size());
                          }
                          return null;
                        }))
            .limit(threads)
            .toList();
    for (Future<Object> worker : workers) {
      worker.get();
    }
    return (System.nanoTime() - started) / 1e9;
  }
}
