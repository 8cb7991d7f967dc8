package org.docbatch.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.docbatch.redis.RedisUrl;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * Gives a test class a redis-server of its own on a free port, started for its first test that asks
 * for a {@link RedisClient} parameter and stopped after its last test. A class marked {@link
 * RedisTopology.On} asks for a {@link UnifiedJedis} instead, and gets that topology (a Sentinel
 * group, a Cluster), reached through the client {@code REDIS_URL} would give docbatch. Tests that
 * need an empty Redis flush it themselves; others keep their data apart by key prefix.
 */
public final class TestRedis implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(TestRedis.class);

  private record Running(RedisDeployment server, UnifiedJedis client)
      implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    @Override
    public void close() {
      client.close();
      server.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == RedisClient.class || type == UnifiedJedis.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    ExtensionContext classContext =
        context.getTestMethod().isPresent() ? context.getParent().orElseThrow() : context;
    Class<?> testClass = classContext.getRequiredTestClass();
    return classContext
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(Running.class, key -> start(testClass), Running.class)
        .client();
  }

  private static Running start(Class<?> testClass) {
    Path dir =
        Path.of(
            System.getProperty("docbatch.test-work", "target/it-work"),
            testClass.getSimpleName() + "-redis");
    RedisTopology.On on = testClass.getAnnotation(RedisTopology.On.class);
    try {
      if (on == null) {
        RedisServer server = RedisServer.start(dir);
        return new Running(server, server.client());
      }
      RedisDeployment deployment = on.value().start(dir);
      return new Running(deployment, RedisUrl.parse(deployment.url()).connect());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
