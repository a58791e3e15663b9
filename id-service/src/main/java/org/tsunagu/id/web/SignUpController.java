package org.tsunagu.id.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.tsunagu.id.resident.SignUp;

/** The self sign-up page ({@code /signup}): Japanese first, same look as the login page. */
@Controller
class SignUpController {

    private final SignUp signUp;

    SignUpController(SignUp signUp) {
        this.signUp = signUp;
    }

    @GetMapping("/signup")
    String form(@RequestParam(required = false) String lang, HttpServletRequest request, Model model) {
        model.addAttribute("en", LoginController.english(lang, request));
        return "signup";
    }

    @PostMapping("/signup")
    String apply(@RequestParam(required = false) String lang, @RequestParam(required = false) String username,
                 @RequestParam(required = false) String password, @RequestParam(required = false) String familyName,
                 @RequestParam(required = false) String givenName, @RequestParam(required = false) String municipality,
                 HttpServletRequest request, HttpServletResponse response, Model model) {
        SignUp.Outcome outcome = signUp.apply(new SignUp.Application(username, password, familyName, givenName, municipality));
        if (outcome instanceof SignUp.Outcome.Refused refused) {
            response.setStatus(refused.problems().contains("login-id-taken") ? 409 : 400);
            model.addAttribute("en", LoginController.english(lang, request));
            model.addAttribute("problems", refused.problems());
            model.addAttribute("username", username);
            model.addAttribute("familyName", familyName);
            model.addAttribute("givenName", givenName);
            return "signup";
        }
        return "redirect:/login?signedup";
    }
}
