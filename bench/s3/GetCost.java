import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.docbatch.s3.ObjectStore;
import org.docbatch.s3.S3Location;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What one GET of a small object costs the client, in CPU and time, one thread: the SDK's S3 client
 * as a node uses it, against the SDK's own signer and HTTP client without the client's pipeline.
 *
 * <pre>java -cp ... bench/s3/GetCost.java ENDPOINT s3://bucket/prefix/ N</pre>
 */
public class GetCost {
  public static void main(String[] args) throws Exception {
    String endpoint = args[0];
    S3Location prefix = S3Location.parse(args[1]);
    int n = Integer.parseInt(args[2]);
    S3Client s3 = ObjectStore.build(endpoint, true, "us-east-1", false, 3);
    ObjectStore store = ObjectStore.over(s3);
    List<S3Location> keys = new ArrayList<>();
    s3.listObjectsV2Paginator(b -> b.bucket(prefix.bucket()).prefix(prefix.key()))
        .contents()
        .forEach(o -> keys.add(new S3Location(prefix.bucket(), o.key())));
    Path scratch = Files.createTempFile("getcost", ".bin");
    SdkHttpClient http = UrlConnectionHttpClient.builder().build();
    var credentials = DefaultCredentialsProvider.builder().build();
    AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (int round = 0; round < 4; round++) {
      for (String way : List.of("sdk", "signer")) {
        long cpu = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
          S3Location key = keys.get(i % keys.size());
          if (way.equals("sdk")) {
            store.download(key, scratch, 1 << 20);
          } else {
            AwsCredentialsIdentity identity = credentials.resolveIdentity().join();
            SdkHttpRequest request =
                SdkHttpRequest.builder()
                    .method(SdkHttpMethod.GET)
                    .uri(URI.create(endpoint + "/" + key.bucket() + "/" + key.key()))
                    .build();
            var signed =
                signer.sign(
                    r ->
                        r.identity(identity)
                            .request(request)
                            .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                            .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                            .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                            .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
                            .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false));
            HttpExecuteResponse response =
                http.prepareRequest(HttpExecuteRequest.builder().request(signed.request()).build())
                    .call();
            if (response.httpResponse().statusCode() != 200) {
              throw new IllegalStateException("GET answered " + response.httpResponse().statusCode());
            }
            try (var body = response.responseBody().orElseThrow();
                var out = Files.newOutputStream(scratch)) {
              body.transferTo(out);
            }
          }
        }
        double cpuMs = (threads.getCurrentThreadCpuTime() - cpu) / 1e6 / n;
        double wallMs = (System.nanoTime() - start) / 1e6 / n;
        System.out.printf(
            "round %d %-6s cpu %.3f ms/GET, wall %.3f ms/GET%n", round, way, cpuMs, wallMs);
      }
    }
  }
}
