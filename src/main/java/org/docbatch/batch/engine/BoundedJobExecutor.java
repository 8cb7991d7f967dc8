package org.docbatch.batch.engine;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jberet.spi.JobExecutor;

/**
 * The threads JBeret runs jobs and partitions on. JBeret's {@link JobExecutor} hands out permits so
 * that a job thread waiting for its partitions never takes the last thread; the pool under it only
 * has to hold as many threads as there are permits.
 */
final class BoundedJobExecutor extends JobExecutor {

  private final ThreadPoolExecutor threads;

  private BoundedJobExecutor(ThreadPoolExecutor threads) {
    super(threads);
    this.threads = threads;
  }

  static BoundedJobExecutor create(int maxThreads, ThreadFactory threadFactory) {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            maxThreads,
            maxThreads,
            60,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            threadFactory);
    pool.allowCoreThreadTimeOut(true);
    return new BoundedJobExecutor(pool);
  }

  @Override
  protected int getMaximumPoolSize() {
    return threads.getMaximumPoolSize();
  }

  void shutdown() {
    threads.shutdownNow();
  }
}
