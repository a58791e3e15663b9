package org.tsunagu.id.app;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.RestController;
import org.tsunagu.api.id.AppsApi;
import org.tsunagu.api.id.model.App;
import org.tsunagu.api.id.model.ListApps200Response;

/** {@code GET /v1/apps} and {@code GET /v1/apps/{clientId}}: the public app directory. */
@RestController
class AppsController implements AppsApi {

    private final AppDirectory directory;

    AppsController(AppDirectory directory) {
        this.directory = directory;
    }

    @Override
    public ResponseEntity<ListApps200Response> listApps() {
        return ResponseEntity.ok(new ListApps200Response(directory.all().stream().map(AppsController::toApi).toList()));
    }

    @Override
    public ResponseEntity<App> getApp(String clientId) {
        return directory.find(clientId)
                .map(app -> ResponseEntity.ok(toApi(app)))
                .orElseThrow(AppsController::notFound);
    }

    private static App toApi(AppEntry app) {
        return new App(app.clientId(), app.name(), app.operator(), app.categories(), app.purposes())
                .municipality(app.municipality())
                .webhookUrl(app.webhookUrl() == null ? null : URI.create(app.webhookUrl()));
    }

    private static ErrorResponseException notFound() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No app is registered with this client id.");
        problem.setType(URI.create("urn:tsunagu:problem:not-found"));
        problem.setTitle("Not found");
        return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
    }
}
