// Revocation → first refused read, measured from outside over HTTP (a script, not product code).
// Run: java RevocationLatency.java <gatewayUrl> <consentUrl> <appToken> <pairwiseSub> <residentToken> <n>
// Per round: grant (consent API), wait until the gateway serves the read (200), arm the poller, revoke;
// latency = arrival of the first 403 seen by either of two tight polling readers − arrival of the revoke's 200
// (clamped at 0 when the 403 already arrived before the revoke's answer; those are counted).
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class RevocationLatency {
    static final String CATEGORY = "vaccination-records", PURPOSE = "notification", APP = "aizu-vaccine-notebook";
    static final AtomicLong firstDenied = new AtomicLong(-1);   // -1 = not armed
    static final AtomicLong lastStatus = new AtomicLong();
    static volatile boolean running = true;
    static final int POLLERS = 2;

    public static void main(String[] a) throws Exception {
        String gw = a[0], consent = a[1], appToken = a[2], sub = a[3], resident = a[4];
        int n = Integer.parseInt(a[5]);
        HttpClient main = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
                HttpRequest read = HttpRequest.newBuilder(URI.create(gw + "/v1/residents/" + sub + "/" + CATEGORY))
                .header("Authorization", "Bearer " + appToken).header("Tsunagu-Purpose", PURPOSE)
                .timeout(Duration.ofSeconds(5)).GET().build();
        // two pollers on their own connections, so a refusal is seen within about half a gateway round trip
        AtomicLong polls = new AtomicLong();
        for (int p = 0; p < POLLERS; p++) {
            HttpClient pollClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            Thread poller = new Thread(() -> {
                while (running) {
                    try {
                        HttpResponse<Void> r = pollClient.send(read, HttpResponse.BodyHandlers.discarding());
                        long t = System.nanoTime();
                        polls.incrementAndGet();
                        lastStatus.set(r.statusCode());
                        if (r.statusCode() == 403) firstDenied.compareAndSet(0, t);
                    } catch (Exception e) {
                        lastStatus.set(-1);
                    }
                }
            }, "poller-" + p);
            poller.setDaemon(true);
            poller.start();
        }

        Pattern idP = Pattern.compile("\"consentId\"\\s*:\\s*\"([^\"]+)\"");
        List<Long> lat = new ArrayList<>(), grantVisible = new ArrayList<>();
        int early = 0, failed = 0;
        for (int i = 0; i < n; i++) {
            HttpResponse<String> g = main.send(HttpRequest.newBuilder(URI.create(consent + "/v1/me/consents"))
                    .header("Authorization", "Bearer " + resident).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"appId\":\"" + APP + "\",\"category\":\"" + CATEGORY + "\",\"purpose\":\"" + PURPOSE + "\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            long tg = System.nanoTime();
            Matcher m = idP.matcher(g.body());
            if (g.statusCode() / 100 != 2 || !m.find()) throw new IllegalStateException("grant: " + g.statusCode() + " " + g.body());
            String id = m.group(1);
            // the grant must be visible at the gateway before we revoke (poller sees 200)
            lastStatus.set(0);
            long end = System.nanoTime() + 10_000_000_000L;
            while (lastStatus.get() != 200 && System.nanoTime() < end) Thread.onSpinWait();
            if (lastStatus.get() != 200) { failed++; System.err.println("grant never visible, round " + i); continue; }
            grantVisible.add((System.nanoTime() - tg) / 1000);
            firstDenied.set(0);   // arm
            HttpResponse<String> r = main.send(HttpRequest.newBuilder(URI.create(consent + "/v1/me/consents/" + id + "/revoke"))
                    .header("Authorization", "Bearer " + resident).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            long t200 = System.nanoTime();
            if (r.statusCode() != 200) throw new IllegalStateException("revoke: " + r.statusCode() + " " + r.body());
            end = t200 + 10_000_000_000L;
            while (firstDenied.get() == 0 && System.nanoTime() < end) Thread.onSpinWait();
            long td = firstDenied.getAndSet(-1);
            if (td <= 0) { failed++; System.err.println("no 403 within 10 s, round " + i); continue; }
            long us = (td - t200) / 1000;
            if (us < 0) { early++; us = 0; }
            lat.add(us);
        }
        running = false;
        report("revoke 200 -> first 403 (ms)", lat);
        report("grant 2xx -> read served (ms, poller granularity)", grantVisible);
        System.out.printf("rounds=%d measured=%d failed=%d refused_before_revoke_answer=%d polls=%d%n",
                n, lat.size(), failed, early, polls.get());
        System.exit(0);
    }

    static void report(String what, List<Long> us) {
        if (us.isEmpty()) { System.out.println(what + ": no samples"); return; }
        List<Long> s = new ArrayList<>(us);
        Collections.sort(s);
        System.out.printf("%s: n=%d p50=%.1f p90=%.1f p99=%.1f max=%.1f%n", what, s.size(),
                pct(s, 50), pct(s, 90), pct(s, 99), s.get(s.size() - 1) / 1000.0);
    }

    static double pct(List<Long> s, double p) {   // nearest-rank
        int i = (int) Math.ceil(p / 100.0 * s.size()) - 1;
        return s.get(Math.max(0, Math.min(s.size() - 1, i))) / 1000.0;
    }
}
