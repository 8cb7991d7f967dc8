import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * Load and soak test client (a benchmark, not a test): CLIENTS concurrent clients submit jobs to the
 * nodes in turn and poll each job's status until it has finished, for DURATION seconds. Every
 * SAMPLE seconds it records each node's resident memory and heap and Redis's used memory. Writes
 * samples.csv, summary.json and load.png into OUT.
 *
 * <p>Run by bench/load-soak.sh: {@code java LoadClient.java OUT DURATION CLIENTS DOCS
 * url1,url2 pid1,pid2 redis-port}.
 */
public class LoadClient {

  static final Pattern JOB_ID = Pattern.compile("\"job_id\"\\s*:\\s*\"([^\"]+)\"");
  static final Pattern FINISHED = Pattern.compile("\"finished_at\"");
  static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([A-Z]+)\"");
  static final Pattern HEAP = Pattern.compile("\"heap_used_mb\"\\s*:\\s*([0-9.]+)");
  static final Duration POLL = Duration.ofMillis(250);
  static final long SAMPLE_SECONDS = 5;

  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  final List<String> nodes;
  final List<Long> pids;
  final int redisPort;
  final String body;
  final int docs;
  final ConcurrentLinkedQueue<Long> submitNanos = new ConcurrentLinkedQueue<>();
  final ConcurrentLinkedQueue<Long> statusNanos = new ConcurrentLinkedQueue<>();
  final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
  final AtomicLong jobsDone = new AtomicLong();
  final AtomicLong jobsNotCompleted = new AtomicLong();
  final AtomicLong turn = new AtomicLong();

  LoadClient(List<String> nodes, List<Long> pids, int redisPort, int docs) {
    this.nodes = nodes;
    this.pids = pids;
    this.redisPort = redisPort;
    this.docs = docs;
    StringBuilder documents = new StringBuilder();
    for (int i = 0; i < docs; i++) {
      documents.append(i == 0 ? "" : ",").append("\"load-").append(i).append(".txt\"");
    }
    this.body =
        "{\"job_type\":\"validation\",\"priority\":0,\"options\":{},\"documents\":["
            + documents
            + "]}";
  }

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    long durationSeconds = Long.parseLong(args[1]);
    int clients = Integer.parseInt(args[2]);
    int docs = Integer.parseInt(args[3]);
    List<String> nodes = List.of(args[4].split(","));
    List<Long> pids = new ArrayList<>();
    for (String pid : args[5].split(",")) {
      pids.add(Long.parseLong(pid));
    }
    LoadClient load = new LoadClient(nodes, pids, Integer.parseInt(args[6]), docs);
    load.run(out, durationSeconds, clients);
  }

  void run(Path out, long durationSeconds, int clients) throws Exception {
    Files.createDirectories(out);
    long start = System.nanoTime();
    long end = start + durationSeconds * 1_000_000_000L;
    CountDownLatch finished = new CountDownLatch(clients);
    for (int c = 0; c < clients; c++) {
      Thread client =
          new Thread(
              () -> {
                try {
                  while (System.nanoTime() < end) {
                    oneJob();
                  }
                } finally {
                  finished.countDown();
                }
              },
              "client-" + c);
      client.setDaemon(true);
      client.start();
    }
    List<double[]> samples = new ArrayList<>();
    try (PrintWriter csv = new PrintWriter(Files.newBufferedWriter(out.resolve("samples.csv")))) {
      StringBuilder header = new StringBuilder("seconds,jobs_done");
      for (int n = 0; n < nodes.size(); n++) {
        header.append(",node").append(n + 1).append("_rss_mb,node").append(n + 1).append("_heap_mb");
      }
      csv.println(header.append(",redis_used_mb"));
      while (finished.getCount() > 0) {
        double[] sample = sample((System.nanoTime() - start) / 1e9);
        samples.add(sample);
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < sample.length; i++) {
          line.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.1f", sample[i]));
        }
        csv.println(line);
        csv.flush();
        finished.await(SAMPLE_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    String summary = summary(seconds, clients, samples);
    Files.writeString(out.resolve("summary.json"), summary + "\n");
    System.out.println(summary);
    plot(samples, out.resolve("load.png"));
  }

  /** One job: submit to the next node, then poll its status until it has finished. */
  void oneJob() {
    String node = nodes.get((int) (turn.getAndIncrement() % nodes.size()));
    try {
      long t0 = System.nanoTime();
      HttpResponse<String> submitted = send(post(node + "/jobs", body));
      submitNanos.add(System.nanoTime() - t0);
      if (submitted.statusCode() != 202) {
        errors.add("submit " + submitted.statusCode() + ": " + submitted.body());
        Thread.sleep(POLL.toMillis());
        return;
      }
      Matcher id = JOB_ID.matcher(submitted.body());
      id.find();
      URI status = URI.create(node + "/jobs/" + id.group(1));
      while (true) {
        Thread.sleep(POLL.toMillis());
        long t1 = System.nanoTime();
        HttpResponse<String> job = send(HttpRequest.newBuilder(status).GET().build());
        statusNanos.add(System.nanoTime() - t1);
        if (job.statusCode() != 200) {
          errors.add("status " + job.statusCode() + ": " + job.body());
          return;
        }
        if (FINISHED.matcher(job.body()).find()) {
          Matcher state = STATUS.matcher(job.body());
          if (!state.find() || !state.group(1).equals("COMPLETED")) {
            jobsNotCompleted.incrementAndGet();
            errors.add("job ended " + job.body());
          }
          jobsDone.incrementAndGet();
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | RuntimeException e) {
      errors.add(e.toString());
    }
  }

  HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  static HttpRequest post(String uri, String json) {
    return HttpRequest.newBuilder(URI.create(uri))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build();
  }

  /** seconds, jobs done, then per node resident MB and heap MB, then Redis used MB. */
  double[] sample(double seconds) {
    double[] sample = new double[3 + 2 * nodes.size()];
    sample[0] = seconds;
    sample[1] = jobsDone.get();
    for (int n = 0; n < nodes.size(); n++) {
      sample[2 + 2 * n] = residentMb(pids.get(n));
      sample[3 + 2 * n] = heapMb(nodes.get(n));
    }
    sample[sample.length - 1] = redisUsedMb();
    return sample;
  }

  static double residentMb(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException e) {
      // the node is gone: recorded as 0
    }
    return 0;
  }

  double heapMb(String node) {
    try {
      Matcher heap =
          HEAP.matcher(
              send(HttpRequest.newBuilder(URI.create(node + "/metrics")).GET().build()).body());
      return heap.find() ? Double.parseDouble(heap.group(1)) : 0;
    } catch (IOException | InterruptedException e) {
      return 0;
    }
  }

  double redisUsedMb() {
    try {
      Process info =
          new ProcessBuilder("redis-cli", "-p", Integer.toString(redisPort), "info", "memory")
              .start();
      String text = new String(info.getInputStream().readAllBytes());
      Matcher used = Pattern.compile("used_memory:(\\d+)").matcher(text);
      return used.find() ? Long.parseLong(used.group(1)) / 1048576.0 : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  String summary(double seconds, int clients, List<double[]> samples) {
    List<Long> submits = new ArrayList<>(submitNanos);
    List<Long> statuses = new ArrayList<>(statusNanos);
    StringBuilder json = new StringBuilder("{");
    json.append(String.format(Locale.ROOT, "\"seconds\":%.0f,\"clients\":%d,", seconds, clients));
    json.append("\"nodes\":").append(nodes.size()).append(",\"documents_per_job\":").append(docs);
    json.append(",\"jobs_done\":").append(jobsDone.get());
    json.append(",\"jobs_not_completed\":").append(jobsNotCompleted.get());
    json.append(",\"errors\":").append(errors.size());
    json.append(String.format(Locale.ROOT, ",\"jobs_per_s\":%.2f", jobsDone.get() / seconds));
    json.append(
        String.format(Locale.ROOT, ",\"documents_per_s\":%.1f", jobsDone.get() * docs / seconds));
    json.append(",\"submits\":").append(submits.size());
    json.append(",\"status_reads\":").append(statuses.size());
    json.append(",\"submit_ms\":").append(percentiles(submits));
    json.append(",\"status_ms\":").append(percentiles(statuses));
    json.append(",\"memory_mb\":").append(memory(samples));
    if (!errors.isEmpty()) {
      json.append(",\"first_error\":\"")
          .append(errors.peek().replace("\"", "'").replace("\n", " "))
          .append('"');
    }
    return json.append('}').toString();
  }

  static String percentiles(List<Long> nanos) {
    if (nanos.isEmpty()) {
      return "null";
    }
    Collections.sort(nanos);
    return String.format(
        Locale.ROOT,
        "{\"p50\":%.1f,\"p99\":%.1f,\"max\":%.1f}",
        nanos.get(nanos.size() / 2) / 1e6,
        nanos.get(Math.min(nanos.size() - 1, (int) (nanos.size() * 0.99))) / 1e6,
        nanos.get(nanos.size() - 1) / 1e6);
  }

  /**
   * Per series: the median of the first and of the last fifth of the run after the first minute
   * (warm-up), so that a leak shows as last well above first.
   */
  String memory(List<double[]> samples) {
    List<double[]> warm = samples.stream().filter(s -> s[0] >= 60).toList();
    if (warm.size() < 5) {
      warm = samples;
    }
    int fifth = Math.max(1, warm.size() / 5);
    StringBuilder json = new StringBuilder("{");
    List<String> names = seriesNames();
    for (int i = 2; i < 2 + names.size(); i++) {
      json.append(i == 2 ? "" : ",")
          .append(
              String.format(
                  Locale.ROOT,
                  "\"%s\":{\"first\":%.0f,\"last\":%.0f}",
                  names.get(i - 2),
                  median(warm.subList(0, fifth), i),
                  median(warm.subList(warm.size() - fifth, warm.size()), i)));
    }
    return json.append('}').toString();
  }

  List<String> seriesNames() {
    List<String> names = new ArrayList<>();
    for (int n = 1; n <= nodes.size(); n++) {
      names.add("node" + n + "_rss");
      names.add("node" + n + "_heap");
    }
    names.add("redis_used");
    return names;
  }

  static double median(List<double[]> samples, int column) {
    List<Double> values = new ArrayList<>();
    samples.forEach(s -> values.add(s[column]));
    Collections.sort(values);
    return values.isEmpty() ? 0 : values.get(values.size() / 2);
  }

  /**
   * Three panels over the run: the nodes' memory (MB), Redis's memory (MB), and jobs finished per
   * second in each sample interval.
   */
  void plot(List<double[]> samples, Path png) throws IOException {
    int width = 1200;
    int height = 1050;
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    g.setStroke(new BasicStroke(2f));
    Color[] colors = {
      new Color(0x1f77b4), new Color(0x9ecae1), new Color(0xff7f0e), new Color(0xfdae6b)
    };
    List<String> names = seriesNames();
    List<List<double[]>> nodeSeries = new ArrayList<>();
    for (int i = 2; i < 1 + names.size(); i++) {
      nodeSeries.add(column(samples, i));
    }
    panel(g, "docbatch nodes: memory (MB) over the run (s)", 40, 330, nodeSeries, names, colors);
    panel(
        g,
        "Redis: used memory (MB) over the run (s)",
        390,
        630,
        List.of(column(samples, 1 + names.size())),
        List.of("redis_used"),
        new Color[] {new Color(0x2ca02c)});
    List<double[]> rates = new ArrayList<>();
    for (int k = 1; k < samples.size(); k++) {
      double dt = samples.get(k)[0] - samples.get(k - 1)[0];
      double done = samples.get(k)[1] - samples.get(k - 1)[1];
      rates.add(new double[] {samples.get(k)[0], dt <= 0 ? 0 : done / dt});
    }
    panel(
        g,
        "jobs finished per second over the run (s)",
        690,
        height - 60,
        List.of(rates),
        List.of("jobs/s"),
        new Color[] {new Color(0xd62728)});
    g.dispose();
    ImageIO.write(image, "png", png.toFile());
  }

  static List<double[]> column(List<double[]> samples, int column) {
    return samples.stream().map(s -> new double[] {s[0], s[column]}).toList();
  }

  /** Lines of (seconds, value) points between {@code top} and {@code bottom}, with a legend. */
  static void panel(
      Graphics2D g,
      String title,
      int top,
      int bottom,
      List<List<double[]>> series,
      List<String> names,
      Color[] colors) {
    int left = 80;
    int right = 980;
    double xMax = 1;
    double yMax = 1;
    for (List<double[]> points : series) {
      for (double[] p : points) {
        xMax = Math.max(xMax, p[0]);
        yMax = Math.max(yMax, p[1]);
      }
    }
    axes(g, title, left, right, top, bottom, xMax, yMax);
    for (int i = 0; i < series.size(); i++) {
      List<double[]> points = series.get(i);
      g.setColor(colors[i % colors.length]);
      for (int k = 1; k < points.size(); k++) {
        g.drawLine(
            x(points.get(k - 1)[0], xMax, left, right),
            y(points.get(k - 1)[1], yMax, top, bottom),
            x(points.get(k)[0], xMax, left, right),
            y(points.get(k)[1], yMax, top, bottom));
      }
      g.drawString(names.get(i), right + 20, top + 20 * (i + 1));
    }
  }

  static void axes(
      Graphics2D g, String title, int left, int right, int top, int bottom, double xMax, double yMax) {
    g.setColor(Color.BLACK);
    g.drawLine(left, bottom, right, bottom);
    g.drawLine(left, top, left, bottom);
    g.drawString(title, left, top - 10);
    for (int i = 0; i <= 4; i++) {
      int yy = bottom - (bottom - top) * i / 4;
      g.drawString(String.format(Locale.ROOT, "%.0f", yMax * i / 4), 10, yy + 5);
      int xx = left + (right - left) * i / 4;
      g.drawString(String.format(Locale.ROOT, "%.0f", xMax * i / 4), xx - 10, bottom + 20);
    }
  }

  static int x(double t, double tMax, int left, int right) {
    return left + (int) ((right - left) * t / tMax);
  }

  static int y(double v, double vMax, int top, int bottom) {
    return bottom - (int) ((bottom - top) * v / vMax);
  }
}
