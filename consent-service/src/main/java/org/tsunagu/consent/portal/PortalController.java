package org.tsunagu.consent.portal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.MessageSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.ClientAuthorizationRequiredException;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.annotation.RegisteredOAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.tsunagu.consent.ledger.Consent;
import org.tsunagu.consent.ledger.ConsentLedger;
import org.tsunagu.consent.portal.AccessLogClient.AccessEntry;
import org.tsunagu.consent.portal.PortalModel.AccessView;
import org.tsunagu.consent.portal.PortalModel.AppView;
import org.tsunagu.consent.portal.PortalModel.CategoryView;
import org.tsunagu.consent.portal.PortalModel.ItemView;
import org.tsunagu.consent.portal.PortalModel.ReceiptView;
import org.tsunagu.consent.purpose.PurposeVocabulary;
import org.tsunagu.consent.receipt.ConsentController;
import org.tsunagu.consent.receipt.ConsentReceipt;
import org.tsunagu.consent.receipt.ControllerLookup;
import org.tsunagu.consent.receipt.Receipts;

/**
 * The resident portal's pages: which apps can see what about me and why, until when; withdraw
 * per category or per app (one action each); who used my data; my receipts and a report.
 */
@Controller
class PortalController {

    private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");

    private final ConsentLedger ledger;
    private final Receipts receipts;
    private final ControllerLookup controllers;
    private final AccessLogClient accessLog;
    private final MessageSource messages;
    private final Clock clock;
    private final OAuth2AuthorizedClientRepository authorizedClients;

    /** A token younger than this that audit-service refuses is not re-authorized again (no redirect loop). */
    private static final Duration FRESH_TOKEN = Duration.ofSeconds(30);

    PortalController(ConsentLedger ledger, Receipts receipts, ControllerLookup controllers,
                     AccessLogClient accessLog, MessageSource messages, Clock clock,
                     OAuth2AuthorizedClientRepository authorizedClients) {
        this.ledger = ledger;
        this.receipts = receipts;
        this.controllers = controllers;
        this.accessLog = accessLog;
        this.messages = messages;
        this.clock = clock;
        this.authorizedClients = authorizedClients;
    }

    /**
     * The resident's access log, read with their own token. If audit-service refuses a token that is
     * not brand new (its signing key was withdrawn in an emergency, ADR 0056, or it was revoked), the
     * portal forgets it and re-authorizes at the regional ID (silent in its session), bringing the
     * resident back to the page. A fresh token refused shows the log as unavailable instead, so a
     * misconfigured audit-service cannot send the resident round in circles.
     */
    private Optional<List<AccessEntry>> accessEntries(OAuth2AuthorizedClient client, HttpServletRequest request,
            HttpServletResponse response) {
        OAuth2AccessToken token = client.getAccessToken();
        try {
            return accessLog.read(token.getTokenValue());
        } catch (AccessLogClient.TokenRefused refused) {
            Instant issued = token.getIssuedAt();
            if (issued != null && issued.isAfter(clock.instant().minus(FRESH_TOKEN))) {
                return Optional.empty();
            }
            authorizedClients.removeAuthorizedClient(PortalSecurityConfiguration.REGISTRATION_ID,
                    SecurityContextHolder.getContext().getAuthentication(), request, response);
            throw new ClientAuthorizationRequiredException(PortalSecurityConfiguration.REGISTRATION_ID);
        }
    }

    @GetMapping("/")
    String home(@AuthenticationPrincipal OidcUser user) {
        return user == null ? "index" : "redirect:/apps";
    }

    @GetMapping("/apps")
    String apps(@AuthenticationPrincipal OidcUser user, Model model, Locale locale) {
        List<AppView> apps = appViews(ledger.list(PortalResident.idOf(user)), locale);
        model.addAttribute("activeApps", apps.stream().filter(app -> app.activeCount() > 0).toList());
        model.addAttribute("pastApps", apps.stream().filter(app -> app.activeCount() == 0).toList());
        model.addAttribute("page", "apps");
        return "apps";
    }

    @PostMapping("/apps/{appId}/withdraw")
    String withdrawApp(@AuthenticationPrincipal OidcUser user, @PathVariable String appId,
                       RedirectAttributes redirect, Locale locale) {
        return withdraw(user, appId, null, redirect, locale);
    }

    @PostMapping("/apps/{appId}/categories/{category}/withdraw")
    String withdrawCategory(@AuthenticationPrincipal OidcUser user, @PathVariable String appId,
                            @PathVariable String category, RedirectAttributes redirect, Locale locale) {
        return withdraw(user, appId, category, redirect, locale);
    }

    private String withdraw(OidcUser user, String appId, String category, RedirectAttributes redirect,
                            Locale locale) {
        Optional<List<Consent>> revoked = ledger.revokeAll(PortalResident.idOf(user), appId, category);
        String appName = controllers.controllerOf(appId).appName();
        if (revoked.isEmpty()) {
            redirect.addFlashAttribute("error", msg("withdraw.none", locale));
        } else if (category == null) {
            redirect.addFlashAttribute("confirmation",
                    msg("withdraw.app.done", locale, appName, revoked.get().size()));
        } else {
            redirect.addFlashAttribute("confirmation", msg("withdraw.category.done", locale, appName,
                    msg("category." + category, locale), revoked.get().size()));
        }
        return "redirect:/apps";
    }

    @GetMapping("/access-log")
    String accessLog(@AuthenticationPrincipal OidcUser user,
                     @RegisteredOAuth2AuthorizedClient(PortalSecurityConfiguration.REGISTRATION_ID)
                     OAuth2AuthorizedClient client, Model model, Locale locale, HttpServletRequest request,
                     HttpServletResponse response) {
        PortalResident.idOf(user);
        Optional<List<AccessEntry>> entries = accessEntries(client, request, response);
        model.addAttribute("accessAvailable", entries.isPresent());
        model.addAttribute("entries", entries.orElse(List.of()).stream().map(entry -> accessView(entry, locale))
                .toList());
        model.addAttribute("page", "access-log");
        return "access-log";
    }

    @GetMapping("/receipts")
    String receipts(@AuthenticationPrincipal OidcUser user, Model model, Locale locale) {
        model.addAttribute("receipts", receiptViews(PortalResident.idOf(user), locale));
        model.addAttribute("page", "receipts");
        return "receipts";
    }

    @GetMapping("/receipts/{receiptId}")
    ResponseEntity<String> downloadReceipt(@AuthenticationPrincipal OidcUser user, @PathVariable String receiptId) {
        return receipts.find(PortalResident.idOf(user), receiptId)
                .map(receipt -> ResponseEntity.ok()
                        .contentType(MediaType.parseMediaType("application/jose"))
                        .header(HttpHeaders.CONTENT_DISPOSITION,
                                "attachment; filename=\"consent-receipt-" + receipt.receiptId() + ".jws\"")
                        .body(receipt.jws()))
                .orElseGet(() -> ResponseEntity.notFound().build());
    }

    @GetMapping("/report")
    String report(@AuthenticationPrincipal OidcUser user,
                  @RegisteredOAuth2AuthorizedClient(PortalSecurityConfiguration.REGISTRATION_ID)
                  OAuth2AuthorizedClient client, Model model, Locale locale, HttpServletRequest request,
                  HttpServletResponse response) {
        String residentId = PortalResident.idOf(user);
        Optional<List<AccessEntry>> entries = accessEntries(client, request, response);
        model.addAttribute("residentId", residentId);
        model.addAttribute("generatedAt", format(clock.instant(), locale));
        model.addAttribute("apps", appViews(ledger.list(residentId), locale));
        model.addAttribute("accessAvailable", entries.isPresent());
        model.addAttribute("entries", entries.orElse(List.of()).stream().map(entry -> accessView(entry, locale))
                .toList());
        model.addAttribute("receipts", receiptViews(residentId, locale));
        model.addAttribute("page", "report");
        return "report";
    }

    @GetMapping(value = "/report.json", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    ResponseEntity<Map<String, Object>> reportJson(@AuthenticationPrincipal OidcUser user,
            @RegisteredOAuth2AuthorizedClient(PortalSecurityConfiguration.REGISTRATION_ID)
            OAuth2AuthorizedClient client, HttpServletRequest request, HttpServletResponse response) {
        String residentId = PortalResident.idOf(user);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("resident", residentId);
        report.put("generatedAt", clock.instant().toString());
        report.put("consents", ledger.list(residentId).stream().map(this::consentJson).toList());
        report.put("receipts", receipts.of(residentId).stream().map(receipt -> Map.of(
                "receiptId", receipt.receiptId(), "consentId", receipt.consentId(), "version", receipt.version(),
                "event", receipt.event().name(), "issuedAt", receipt.issuedAt().toString(),
                "jws", receipt.jws())).toList());
        Optional<List<AccessEntry>> entries = accessEntries(client, request, response);
        report.put("accessLogAvailable", entries.isPresent());
        report.put("accessLog", entries.orElse(List.of()));
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"tsunagu-data-flows.json\"")
                .body(report);
    }

    private Map<String, Object> consentJson(Consent consent) {
        ConsentController controller = controllers.controllerOf(consent.appId());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("consentId", consent.consentId());
        json.put("version", consent.version());
        json.put("appId", consent.appId());
        json.put("appName", controller.appName());
        json.put("operator", controller.operator());
        json.put("category", consent.category());
        json.put("purpose", consent.purpose());
        json.put("purposeIri", PurposeVocabulary.iriOf(consent.purpose()).toString());
        json.put("status", consent.status().name());
        json.put("validFrom", consent.validFrom().toString());
        json.put("validUntil", consent.validUntil().toString());
        return json;
    }

    private List<AppView> appViews(List<Consent> consents, Locale locale) {
        Map<String, List<Consent>> byApp = consents.stream()
                .collect(Collectors.groupingBy(Consent::appId, TreeMap::new, Collectors.toList()));
        List<AppView> apps = new ArrayList<>();
        byApp.forEach((appId, items) -> {
            ConsentController controller = controllers.controllerOf(appId);
            Map<String, List<Consent>> byCategory = items.stream()
                    .collect(Collectors.groupingBy(Consent::category, TreeMap::new, Collectors.toList()));
            List<CategoryView> categories = new ArrayList<>();
            byCategory.forEach((category, inCategory) -> {
                List<ItemView> views = inCategory.stream()
                        .sorted(Comparator.comparing(Consent::isActive).reversed()
                                .thenComparing(Consent::updatedAt, Comparator.reverseOrder()))
                        .map(consent -> itemView(consent, locale))
                        .toList();
                categories.add(new CategoryView(category, msg("category." + category, locale), views,
                        views.stream().anyMatch(ItemView::active)));
            });
            int active = (int) items.stream().filter(Consent::isActive).count();
            apps.add(new AppView(appId, controller.appName(),
                    controller.operator() == null ? "" : controller.operator(), categories, active));
        });
        return apps;
    }

    private ItemView itemView(Consent consent, Locale locale) {
        boolean japanese = !Locale.ENGLISH.getLanguage().equals(locale.getLanguage());
        String purposeLabel = PurposeVocabulary.of(consent.purpose())
                .map(p -> p.label(japanese))
                .orElse(consent.purpose());
        return new ItemView(consent.consentId(), consent.purpose(), purposeLabel,
                PurposeVocabulary.iriOf(consent.purpose()).toString(), consent.status().name(),
                msg("status." + consent.status().name(), locale), format(consent.validFrom(), locale),
                format(consent.validUntil(), locale), consent.isActive());
    }

    private List<ReceiptView> receiptViews(String residentId, Locale locale) {
        Map<String, String> consentApps = ledger.list(residentId).stream()
                .collect(Collectors.toMap(Consent::consentId, Consent::appId, (a, b) -> a));
        List<ReceiptView> views = new ArrayList<>();
        for (ConsentReceipt receipt : receipts.of(residentId)) {
            String appId = consentApps.getOrDefault(receipt.consentId(), "");
            views.add(new ReceiptView(receipt.receiptId(), receipt.consentId(), receipt.version(),
                    msg("receipt.event." + receipt.event().name(), locale), format(receipt.issuedAt(), locale),
                    appId.isEmpty() ? "" : controllers.controllerOf(appId).appName()));
        }
        return views;
    }

    private AccessView accessView(AccessEntry entry, Locale locale) {
        ConsentController controller = controllers.controllerOf(entry.appId());
        String operator = entry.appOperator().isEmpty()
                ? (controller.operator() == null ? "" : controller.operator())
                : entry.appOperator();
        boolean japanese = !Locale.ENGLISH.getLanguage().equals(locale.getLanguage());
        return new AccessView(format(entry.occurredAt().toInstant(), locale), controller.appName(), operator,
                messages.getMessage("category." + entry.category(), null, entry.category(), locale),
                PurposeVocabulary.of(entry.purpose()).map(p -> p.label(japanese)).orElse(entry.purpose()),
                entry.allowed(), entry.reason());
    }

    private String format(Instant instant, Locale locale) {
        return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.LONG, FormatStyle.SHORT)
                .withLocale(locale)
                .withZone(JAPAN)
                .format(instant);
    }

    private String msg(String key, Locale locale, Object... args) {
        return messages.getMessage(key, args, key, locale);
    }
}
