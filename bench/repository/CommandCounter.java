import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.executors.CommandExecutor;
import redis.clients.jedis.executors.DefaultCommandExecutor;

/**
 * Counts the commands the Redis client sends, that is its round trips, keyed by {@code "<repository
 * method> <COMMAND>"}. INFO commandstats cannot tell these apart from the commands a Lua script
 * runs inside Redis, which cost no round trip. Commands sent in a pipeline bypass the executor and
 * are not counted (the repository sends none today).
 */
final class CommandCounter implements CommandExecutor {

  private final DefaultCommandExecutor delegate;
  private final ConcurrentMap<String, LongAdder> counts = new ConcurrentHashMap<>();

  CommandCounter(DefaultCommandExecutor delegate) {
    this.delegate = delegate;
  }

  @Override
  public <T> T executeCommand(CommandObject<T> command) {
    String key = RepositoryCalls.current() + " " + command.getArguments().getCommand();
    counts.computeIfAbsent(key, k -> new LongAdder()).increment();
    return delegate.executeCommand(command);
  }

  /** The counts since the last call; resets them. */
  Map<String, Long> drain() {
    Map<String, Long> result = new TreeMap<>();
    counts.forEach((key, count) -> result.put(key, count.sumThenReset()));
    result.values().removeIf(count -> count == 0);
    return result;
  }

  @Override
  public void close() {
    delegate.close();
  }
}
