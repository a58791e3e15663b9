package org.tsunagu.id.admin;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.RestController;
import org.tsunagu.api.id.AdminApi;
import org.tsunagu.api.id.model.AppRegistration;
import org.tsunagu.api.id.model.ListRegisteredApps200Response;
import org.tsunagu.api.id.model.RegisteredApp;
import org.tsunagu.id.app.AppDirectory;
import org.tsunagu.id.web.Problems;

/** {@code /v1/admin/apps}: operators register and approve apps. */
@RestController
class AdminController implements AdminApi {

    private final AppRegistrations registrations;
    private final AppDirectory directory;

    AdminController(AppRegistrations registrations, AppDirectory directory) {
        this.registrations = registrations;
        this.directory = directory;
    }

    @Override
    public ResponseEntity<ListRegisteredApps200Response> listRegisteredApps() {
        return ResponseEntity.ok(new ListRegisteredApps200Response(directory.registrations().stream()
                .map(r -> new RegisteredApp(r[0], r[1], RegisteredApp.StatusEnum.fromValue(r[2]),
                        RegisteredApp.ClientTypeEnum.fromValue(r[3])))
                .toList()));
    }

    @Override
    public ResponseEntity<RegisteredApp> registerApp(AppRegistration registration) {
        String secret;
        try {
            secret = registrations.register(registration);
        } catch (AppRegistrations.Refused refused) {
            HttpStatus status = HttpStatus.valueOf(refused.status());
            throw new ErrorResponseException(status, Problems.of(status, status == HttpStatus.CONFLICT ? "conflict" : "bad-request",
                    status == HttpStatus.CONFLICT ? "Conflict" : "Bad request", refused.getMessage()), null);
        }
        RegisteredApp app = new RegisteredApp(registration.getClientId(), registration.getName(), RegisteredApp.StatusEnum.PENDING,
                RegisteredApp.ClientTypeEnum.fromValue(registration.getClientType().getValue())).clientSecret(secret);
        return ResponseEntity.status(HttpStatus.CREATED).header("Cache-Control", "no-store").body(app);
    }

    @Override
    public ResponseEntity<RegisteredApp> approveApp(String clientId) {
        if (!registrations.approve(clientId)) {
            throw new ErrorResponseException(HttpStatus.NOT_FOUND,
                    Problems.of(HttpStatus.NOT_FOUND, "not-found", "Not found", "No app is registered with this client id."), null);
        }
        return listRegisteredApps().getBody().getItems().stream().filter(a -> a.getClientId().equals(clientId)).findFirst()
                .map(ResponseEntity::ok).orElseThrow();
    }
}
