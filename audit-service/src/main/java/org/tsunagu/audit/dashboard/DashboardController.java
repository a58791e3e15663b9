package org.tsunagu.audit.dashboard;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.tsunagu.audit.chain.ChainEntry;
import org.tsunagu.audit.chain.ChainStore;
import org.tsunagu.audit.checkpoint.CheckpointStore;
import org.tsunagu.audit.checkpoint.SigningKey;
import org.tsunagu.audit.dashboard.FlowStatistics.DailyCount;
import org.tsunagu.audit.dashboard.FlowStatistics.FlowCount;
import org.tsunagu.audit.verify.ChainVerifier;
import org.tsunagu.audit.verify.Verification;

import tools.jackson.databind.json.JsonMapper;

/**
 * The operators' dashboard ({@code GET /dashboard}, operator login at the regional ID): the flows
 * as pictures — a Sankey of municipal system → category → app → decision, requests and denials
 * per app over time, top denial reasons, delivery failures — and the chain's verification.
 * Server-rendered; the charts are drawn by Apache ECharts from the data in the page, and every
 * chart has the same numbers as a table.
 */
@Controller
class DashboardController {

    static final int DAYS = 14;

    /** One row of the flow table under the Sankey. */
    record FlowRow(String system, String category, String appId, String decision, long count) {
    }

    private final JsonMapper json;
    private final FlowStatistics statistics;
    private final ChainStore chain;
    private final CheckpointStore checkpoints;
    private final SigningKey key;

    DashboardController(JsonMapper json, FlowStatistics statistics, ChainStore chain, CheckpointStore checkpoints,
                        SigningKey key) {
        this.json = json;
        this.statistics = statistics;
        this.chain = chain;
        this.checkpoints = checkpoints;
        this.key = key;
    }

    @GetMapping("/dashboard")
    String dashboard(@AuthenticationPrincipal OidcUser operator, Model model) {
        List<FlowCount> flows = statistics.flows();
        LocalDate today = LocalDate.now(FlowStatistics.JAPAN);
        LocalDate firstDay = today.minusDays(DAYS - 1);
        model.addAttribute("operatorId", operator == null ? "" : operator.getSubject());
        var reasons = statistics.topDenialReasons(10);
        model.addAttribute("flows", flows.stream().map(f -> new FlowRow(systemOf(f.category()), f.category(),
                f.appId(), outcomeLabel(f.outcome()), f.count())).toList());
        model.addAttribute("sankeyJson", json.writeValueAsString(sankey(flows)));
        model.addAttribute("timelineJson", json.writeValueAsString(timeline(statistics.daily(firstDay), firstDay,
                today)));
        model.addAttribute("reasons", reasons);
        model.addAttribute("reasonsJson", json.writeValueAsString(reasons));
        model.addAttribute("deliveryFailures", statistics.deliveryFailures(50));
        model.addAttribute("verification", verify());
        return "dashboard";
    }

    /** The municipal system a category comes from (the connectors' routing, by category). */
    static String systemOf(String category) {
        return switch (category) {
            case "vaccination-records" -> "健康管理システム (health)";
            case "resident-basic" -> "住民記録システム (registry)";
            default -> "その他・不明";
        };
    }

    static String outcomeLabel(String outcome) {
        return "ALLOWED".equals(outcome) ? "許可" : "拒否";
    }

    /** ECharts Sankey data: nodes and links system → category → app → decision. */
    static Map<String, Object> sankey(List<FlowCount> flows) {
        Set<String> nodes = new LinkedHashSet<>();
        Map<List<String>, Long> links = new LinkedHashMap<>();
        for (FlowCount f : flows) {
            String system = systemOf(f.category());
            String category = "区分: " + f.category();
            String app = "アプリ: " + f.appId();
            String outcome = outcomeLabel(f.outcome());
            nodes.add(system);
            nodes.add(category);
            nodes.add(app);
            nodes.add(outcome);
            links.merge(List.of(system, category), f.count(), Long::sum);
            links.merge(List.of(category, app), f.count(), Long::sum);
            links.merge(List.of(app, outcome), f.count(), Long::sum);
        }
        List<Map<String, Object>> linkList = new ArrayList<>();
        links.forEach((ends, value) -> linkList.add(Map.of("source", ends.get(0), "target", ends.get(1),
                "value", value)));
        return Map.of("nodes", nodes.stream().map(n -> Map.of("name", n)).toList(), "links", linkList);
    }

    /** Per app: requests and denials per day, {@link #DAYS} days up to today (Japan). */
    static Map<String, Object> timeline(List<DailyCount> counts, LocalDate firstDay, LocalDate today) {
        List<String> days = new ArrayList<>();
        for (LocalDate d = firstDay; !d.isAfter(today); d = d.plusDays(1)) {
            days.add(d.toString());
        }
        Map<String, long[]> requests = new TreeMap<>();
        Map<String, long[]> denials = new TreeMap<>();
        for (DailyCount c : counts) {
            int index = days.indexOf(c.day().toString());
            if (index < 0) {
                continue;
            }
            requests.computeIfAbsent(c.appId(), a -> new long[days.size()])[index] += c.count();
            denials.computeIfAbsent(c.appId(), a -> new long[days.size()]);
            if (!"ALLOWED".equals(c.outcome())) {
                denials.get(c.appId())[index] += c.count();
            }
        }
        List<Map<String, Object>> series = new ArrayList<>();
        requests.forEach((app, values) -> {
            series.add(Map.of("app", app, "kind", "requests", "values", values));
            series.add(Map.of("app", app, "kind", "denials", "values", denials.get(app)));
        });
        return Map.of("days", days, "series", series);
    }

    private Verification verify() {
        List<ChainEntry> entries = new ArrayList<>();
        chain.forEachInOrder(entries::add);
        return new ChainVerifier(key.publicKeys()).verify(entries, checkpoints.all());
    }
}
