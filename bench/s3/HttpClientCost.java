import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.docbatch.s3.ObjectStore;
import org.docbatch.s3.S3Location;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.crt.AwsCrtHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The SDK's S3 client over each of its synchronous HTTP clients (URLConnection, the one docbatch
 * uses; Apache; AWS CRT), GETs of small objects from THREADS threads: the whole process's CPU per
 * GET (the CRT does its I/O on native threads, so a thread's own CPU would miss it) and the time
 * per GET, in rounds that alternate the clients. Run by bench/s3-http-clients.sh.
 *
 * <pre>java -cp ... bench/s3/HttpClientCost.java ENDPOINT s3://bucket/prefix/ N THREADS ROUNDS</pre>
 */
public class HttpClientCost {
  public static void main(String[] args) throws Exception {
    String endpoint = args[0];
    S3Location prefix = S3Location.parse(args[1]);
    int n = Integer.parseInt(args[2]);
    int threads = Integer.parseInt(args[3]);
    int rounds = Integer.parseInt(args[4]);
    Map<String, S3Client> clients = new LinkedHashMap<>();
    clients.put("urlconnection", client(endpoint, UrlConnectionHttpClient.builder().build()));
    clients.put("apache", client(endpoint, ApacheHttpClient.builder().maxConnections(64).build()));
    clients.put("crt", client(endpoint, AwsCrtHttpClient.builder().maxConcurrency(64).build()));
    List<String> keys = new ArrayList<>();
    clients
        .get("urlconnection")
        .listObjectsV2Paginator(b -> b.bucket(prefix.bucket()).prefix(prefix.key()))
        .contents()
        .forEach(o -> keys.add(o.key()));
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    Path scratch = Files.createTempDirectory("http-client-cost");
    for (int round = 0; round < rounds; round++) {
      for (Map.Entry<String, S3Client> each : clients.entrySet()) {
        S3Client s3 = each.getValue();
        long cpu = os.getProcessCpuTime();
        long start = System.nanoTime();
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int first = t;
          work.add(
              pool.submit(
                  () -> {
                    for (int i = first; i < n; i += threads) {
                      Path file = scratch.resolve(each.getKey() + "-" + first);
                      s3.getObject(
                          b -> b.bucket(prefix.bucket()).key(keys.get((int) (Math.random() * keys.size()))),
                          ResponseTransformer.toFile(file));
                      try {
                        Files.delete(file);
                      } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                      }
                    }
                    return null;
                  }));
        }
        for (Future<?> f : work) {
          f.get();
        }
        double cpuMs = (os.getProcessCpuTime() - cpu) / 1e6 / n;
        double wallMs = (System.nanoTime() - start) / 1e6 / n;
        System.out.printf(
            "round %d %-13s cpu %.3f ms/GET, wall %.3f ms/GET%n", round, each.getKey(), cpuMs, wallMs);
      }
    }
    pool.shutdown();
  }

  private static S3Client client(String endpoint, SdkHttpClient http) {
    return S3Client.builder()
        .httpClient(http)
        .credentialsProvider(DefaultCredentialsProvider.builder().build())
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .endpointOverride(URI.create(endpoint))
        .build();
  }
}
