package org.tsunagu.id.web;

import java.util.Collections;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The login page (Japanese first; English when the browser prefers it or the resident picks it
 * with the visible switch) and a landing page after a direct login.
 */
@Controller
public class LoginController {

    @GetMapping("/login")
    String login(@RequestParam(required = false) String lang, HttpServletRequest request,
                 HttpServletResponse response, Model model) {
        boolean english = english(lang, request);
        model.addAttribute("en", english);
        String state = request.getParameter("error") != null ? "error&"
                : request.getParameter("locked") != null ? "locked&" : "";
        model.addAttribute("switchUrl", "/login?" + state + "lang=" + (english ? "ja" : "en"));
        response.setHeader("Content-Language", english ? "en" : "ja");
        response.setHeader("Vary", "Accept-Language");
        return "login";
    }

    @GetMapping("/")
    String home() {
        return "home";
    }

    /** The {@code lang} switch wins; otherwise the browser's preference. */
    public static boolean english(String lang, HttpServletRequest request) {
        return "en".equals(lang) || (!"ja".equals(lang) && prefersEnglish(request));
    }

    /** English only when the browser ranks English above Japanese; Japanese otherwise. */
    private static boolean prefersEnglish(HttpServletRequest request) {
        if (request.getHeader("Accept-Language") == null) {
            return false;
        }
        for (Locale locale : Collections.list(request.getLocales())) {
            if ("ja".equals(locale.getLanguage())) {
                return false;
            }
            if ("en".equals(locale.getLanguage())) {
                return true;
            }
        }
        return false;
    }
}
