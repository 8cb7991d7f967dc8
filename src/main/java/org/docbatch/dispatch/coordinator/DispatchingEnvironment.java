package org.docbatch.dispatch.coordinator;

/**
 * A JBeret {@code BatchEnvironment} whose partitioned batchlet steps go through the Redis
 * dispatcher. {@link RedisPartitionHandlerFactory} looks for it; steps of any other environment
 * (the Jakarta Batch TCK's, for one) keep JBeret's own threads.
 */
public interface DispatchingEnvironment {

  Dispatcher dispatcher();
}
