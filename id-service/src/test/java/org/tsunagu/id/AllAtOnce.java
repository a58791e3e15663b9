package org.tsunagu.id;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** For the tests of instances sharing one database: the same call on every instance at once. */
public final class AllAtOnce {

    private AllAtOnce() {
    }

    /**
     * Runs {@code call} on every instance, each on its own thread, all released together.
     *
     * @return the results in the order of {@code instances}; a call that threw makes this throw
     */
    public static <I, T> List<T> run(List<I> instances, Function<I, T> call) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(instances.size());
        try {
            List<Future<T>> calls = new ArrayList<>();
            for (I instance : instances) {
                Callable<T> task = () -> {
                    start.await();
                    return call.apply(instance);
                };
                calls.add(threads.submit(task));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : calls) {
                results.add(f.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            threads.shutdownNow();
        }
    }
}
