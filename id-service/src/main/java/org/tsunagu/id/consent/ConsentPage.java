package org.tsunagu.id.consent;

import java.security.Principal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;
import org.tsunagu.api.id.model.DataCategory;
import org.tsunagu.api.id.model.Purpose;
import org.tsunagu.id.app.AppDirectory;
import org.tsunagu.id.app.AppEntry;
import org.tsunagu.id.web.LoginController;

/**
 * The hub's opt-in screen, shown as the authorization consent page when an app asks for data
 * categories (ADR 0025): per category what data, for which of the app's purposes, until when;
 * Japanese first, English via the same switch as the login page. What is asked is read from the
 * pending authorization (by its {@code state}), never from the query string.
 */
@Controller
public class ConsentPage {

    public static final String PATH = "/oauth2/consent";
    public static final String UNAVAILABLE_PATH = "/consent/unavailable";

    private static final OAuth2TokenType STATE = new OAuth2TokenType(OAuth2ParameterNames.STATE);
    private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");

    private final OAuth2AuthorizationService authorizations;
    private final AppDirectory apps;

    ConsentPage(OAuth2AuthorizationService authorizations, AppDirectory apps) {
        this.authorizations = authorizations;
        this.apps = apps;
    }

    /** One category on the screen. */
    public record Item(String scope, String name, String data, List<String> purposes) {
    }

    @GetMapping(PATH)
    String consent(@RequestParam(OAuth2ParameterNames.CLIENT_ID) String clientId,
                   @RequestParam(OAuth2ParameterNames.STATE) String state,
                   @RequestParam(required = false) String lang, Principal principal,
                   HttpServletRequest request, HttpServletResponse response, Model model) {
        boolean en = language(lang, request, response, model);
        OAuth2Authorization pending = authorizations.findByToken(state, STATE);
        AppEntry app = apps.find(clientId).orElse(null);
        OAuth2AuthorizationRequest asked = pending == null ? null
                : pending.getAttribute(OAuth2AuthorizationRequest.class.getName());
        if (asked == null || app == null || !clientId.equals(asked.getClientId())
                || !pending.getPrincipalName().equals(principal.getName())) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("switchUrl", switchUrl(request, en));
            return "consent-invalid";
        }
        Set<String> scopes = asked.getScopes();
        List<Item> items = app.categories().stream()
                .filter(category -> scopes.contains(CategoryConsents.PREFIX + category.getValue()))
                .map(category -> new Item(CategoryConsents.PREFIX + category.getValue(), name(category, en),
                        data(category, en), app.purposes().stream().map(p -> purpose(p, en)).toList()))
                .toList();
        LocalDate until = LocalDate.ofInstant(Instant.now().plus(CategoryConsents.VALIDITY), JAPAN);
        model.addAttribute("appName", en && app.nameEn() != null ? app.nameEn() : app.name());
        model.addAttribute("operator", app.operator());
        model.addAttribute("items", items);
        model.addAttribute("until", en ? until.format(DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH))
                : until.format(DateTimeFormatter.ofPattern("yyyy年M月d日")));
        model.addAttribute("clientId", clientId);
        model.addAttribute("state", state);
        model.addAttribute("switchUrl", switchUrl(request, en));
        return "consent";
    }

    /** Shown when consent-service could not record the opt-in: nothing was shared, try again later. */
    @GetMapping(UNAVAILABLE_PATH)
    String unavailable(@RequestParam(required = false) String lang, HttpServletRequest request,
                       HttpServletResponse response, Model model) {
        boolean en = language(lang, request, response, model);
        response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
        model.addAttribute("switchUrl", switchUrl(request, en));
        return "consent-unavailable";
    }

    private static boolean language(String lang, HttpServletRequest request, HttpServletResponse response, Model model) {
        boolean en = LoginController.english(lang, request);
        model.addAttribute("en", en);
        response.setHeader("Content-Language", en ? "en" : "ja");
        response.setHeader("Vary", "Accept-Language");
        return en;
    }

    private static String switchUrl(HttpServletRequest request, boolean en) {
        return UriComponentsBuilder.fromPath(request.getRequestURI()).query(request.getQueryString())
                .replaceQueryParam("lang", en ? "ja" : "en").build().encode().toUriString();
    }

    static String name(DataCategory category, boolean en) {
        return switch (category) {
            case VACCINATION_RECORDS -> en ? "Vaccination records" : "予防接種の記録";
            case RESIDENT_BASIC -> en ? "Basic resident information" : "住民票の基本情報";
        };
    }

    static String data(DataCategory category, boolean en) {
        return switch (category) {
            case VACCINATION_RECORDS -> en ? "Which vaccines you received, and when."
                    : "いつ、どの予防接種を受けたか。";
            case RESIDENT_BASIC -> en ? "Your name, date of birth and address from the resident registry."
                    : "住民票にある、あなたの氏名・生年月日・住所。";
        };
    }

    static String purpose(Purpose purpose, boolean en) {
        return switch (purpose) {
            case SERVICE_PROVISION -> en ? "To provide the app's service to you" : "アプリのサービスをあなたに提供するため";
            case NOTIFICATION -> en ? "To send you notices" : "あなたにお知らせを送るため";
            case PERSONALISATION -> en ? "To tailor the app to you" : "あなたに合わせた表示をするため";
            case OFFICIAL_STATISTICS -> en ? "For official statistics (you are not identified)"
                    : "公的な統計のため（あなた個人は特定されません）";
        };
    }
}
