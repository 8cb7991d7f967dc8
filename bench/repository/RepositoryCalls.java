import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;
import org.jberet.repository.JobRepository;

/**
 * Wraps a {@link JobRepository} to count JBeret's calls and the time spent in them, by method, and
 * to tell {@link CommandCounter} which method a Redis command was sent for. Every repository under
 * test is wrapped the same way, so the few nanoseconds this costs are spent by all three.
 */
final class RepositoryCalls implements InvocationHandler {

  /** Calls and nanoseconds of one method. */
  record Figures(long calls, long nanos) {}

  private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

  private final JobRepository target;
  private final ConcurrentMap<String, LongAdder> calls = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, LongAdder> nanos = new ConcurrentHashMap<>();

  private RepositoryCalls(JobRepository target) {
    this.target = target;
  }

  static RepositoryCalls of(JobRepository target) {
    return new RepositoryCalls(target);
  }

  JobRepository proxy() {
    return (JobRepository)
        Proxy.newProxyInstance(
            JobRepository.class.getClassLoader(), new Class<?>[] {JobRepository.class}, this);
  }

  /** The repository method the current thread is in, or {@code (outside)}. */
  static String current() {
    String method = CURRENT.get();
    return method == null ? "(outside)" : method;
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    String name = method.getName();
    CURRENT.set(name);
    long start = System.nanoTime();
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    } finally {
      nanos.computeIfAbsent(name, k -> new LongAdder()).add(System.nanoTime() - start);
      calls.computeIfAbsent(name, k -> new LongAdder()).increment();
      CURRENT.remove();
    }
  }

  /** The figures since the last call, by method name; resets them. */
  Map<String, Figures> drain() {
    Map<String, Figures> result = new TreeMap<>();
    for (String name : calls.keySet()) {
      result.put(name, new Figures(calls.get(name).sumThenReset(), nanos.get(name).sumThenReset()));
    }
    result.values().removeIf(figures -> figures.calls() == 0);
    return result;
  }
}
