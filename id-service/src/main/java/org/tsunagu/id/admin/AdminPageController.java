package org.tsunagu.id.admin;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.tsunagu.id.app.AppDirectory;

/** A plain page for operators logged in on {@code /login}: the registered apps, and approving them. */
@Controller
class AdminPageController {

    private final AppDirectory directory;
    private final AppRegistrations registrations;

    AdminPageController(AppDirectory directory, AppRegistrations registrations) {
        this.directory = directory;
        this.registrations = registrations;
    }

    @GetMapping("/admin/apps")
    String apps(Model model) {
        model.addAttribute("apps", directory.registrations());
        return "admin-apps";
    }

    @PostMapping("/admin/apps/{clientId}/approve")
    String approve(@PathVariable String clientId) {
        registrations.approve(clientId);
        return "redirect:/admin/apps";
    }
}
