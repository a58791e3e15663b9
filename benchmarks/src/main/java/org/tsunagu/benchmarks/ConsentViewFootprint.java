package org.tsunagu.benchmarks;

import org.tsunagu.gateway.consent.ConsentView;

/**
 * Fills a consent view with N residents × 10 items (as replay does, one apply per event) and
 * prints the rebuild time and the retained heap per consent item (used heap after full GCs,
 * before and after). Run with a large enough heap, e.g. {@code -Xmx6g}.
 */
public final class ConsentViewFootprint {

    private ConsentViewFootprint() {
    }

    public static void main(String[] args) {
        int residents = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int items = 10;
        long before = usedAfterGc();
        long start = System.nanoTime();
        ConsentView view = ConsentDecisionBenchmark.ViewFiller.fill(residents, items);
        long millis = (System.nanoTime() - start) / 1_000_000;
        long after = usedAfterGc();
        long count = view.size();
        System.out.printf("residents=%d items=%d rebuild_ms=%d retained_bytes=%d bytes_per_item=%.1f%n",
                residents, count, millis, after - before, (after - before) / (double) count);
        if (view.isCaughtUp()) { // keep the view reachable until measured
            System.out.println("ok");
        }
    }

    private static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
