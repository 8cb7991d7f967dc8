import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.docbatch.s3.ObjectStore;
import org.docbatch.s3.S3Location;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Puts objects into an S3-compatible store for the benchmarks, 16 requests at a time, with the
 * client a docbatch node builds (run on target/classes and the build's class path):
 *
 * <pre>
 *   java -cp ... bench/s3/PutObjects.java ENDPOINT s3://bucket/prefix/ FOLDER    # every file of it
 *   java -cp ... bench/s3/PutObjects.java ENDPOINT s3://bucket/prefix/ --tiny N  # N 16-byte objects
 * </pre>
 *
 * Credentials as a node takes them (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY); prints objects
 * per second.
 */
public class PutObjects {
  public static void main(String[] args) throws Exception {
    S3Location prefix = S3Location.parse(args[1]);
    try (S3Client s3 = ObjectStore.build(args[0], true, "us-east-1", false, 5)) {
      try {
        s3.createBucket(b -> b.bucket(prefix.bucket()));
      } catch (RuntimeException alreadyThere) {
        // The bucket of an earlier put.
      }
      List<Runnable> puts;
      if (args[2].equals("--tiny")) {
        int n = Integer.parseInt(args[3]);
        puts =
            java.util.stream.IntStream.range(0, n)
                .<Runnable>mapToObj(
                    i -> () ->
                        s3.putObject(
                            b -> b.bucket(prefix.bucket()).key(prefix.resolve(String.format("obj-%07d.txt", i)).key()),
                            RequestBody.fromString(String.format("object %07d\n", i))))
                .toList();
      } else {
        try (Stream<Path> files = Files.list(Path.of(args[2]))) {
          puts =
              files
                  .sorted()
                  .<Runnable>map(
                      file -> () ->
                          s3.putObject(
                              b -> b.bucket(prefix.bucket()).key(prefix.resolve(file.getFileName().toString()).key()),
                              RequestBody.fromFile(file)))
                  .toList();
        }
      }
      long start = System.nanoTime();
      ExecutorService pool = Executors.newFixedThreadPool(16);
      AtomicLong done = new AtomicLong();
      List<Future<?>> futures = puts.stream().<Future<?>>map(p -> pool.submit(() -> { p.run(); done.incrementAndGet(); })).toList();
      for (Future<?> f : futures) {
        f.get();
      }
      pool.shutdown();
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf("%d objects in %.1f s (%.0f/s)%n", done.get(), seconds, done.get() / seconds);
    }
  }
}
