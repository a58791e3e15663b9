package org.tsunagu.id.admin;

import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.RestController;
import org.tsunagu.api.id.AdminApi;
import org.tsunagu.api.id.model.AppRegistration;
import org.tsunagu.api.id.model.ImportRowError;
import org.tsunagu.api.id.model.ResidentImportResult;
import org.tsunagu.api.id.model.SigningKey;
import org.tsunagu.api.id.model.SigningKeyList;
import org.tsunagu.api.id.model.SigningKeyRotation;
import org.tsunagu.api.id.model.SigningKeyRotationRequest;
import org.tsunagu.id.keys.SigningKeys;
import org.tsunagu.id.resident.RegistryImport;
import org.tsunagu.api.id.model.ListRegisteredApps200Response;
import org.tsunagu.api.id.model.RegisteredApp;
import org.tsunagu.id.app.AppDirectory;
import org.tsunagu.id.web.Problems;

/**
 * {@code /v1/admin/**}: operators register and approve apps, import residents from the registry,
 * and rotate the token signing key (in an emergency withdrawing every other key, ADR 0056).
 */
@RestController
class AdminController implements AdminApi {

    private static final Logger log = LoggerFactory.getLogger(AdminController.class);

    private final AppRegistrations registrations;
    private final AppDirectory directory;
    private final RegistryImport registryImport;
    private final SigningKeys signingKeys;

    AdminController(AppRegistrations registrations, AppDirectory directory, RegistryImport registryImport,
                    SigningKeys signingKeys) {
        this.registrations = registrations;
        this.directory = directory;
        this.registryImport = registryImport;
        this.signingKeys = signingKeys;
    }

    @Override
    public ResponseEntity<SigningKeyList> listSigningKeys() {
        return ResponseEntity.ok(new SigningKeyList(signingKeys.published().stream()
                .map(key -> new SigningKey(key.kid(), SigningKey.StateEnum.fromValue(key.state().name().toLowerCase(Locale.ROOT)),
                        key.since().atOffset(ZoneOffset.UTC))
                        .retireAfter(key.retireAfter() == null ? null : key.retireAfter().atOffset(ZoneOffset.UTC)))
                .toList()));
    }

    /** The body is read by {@link SigningKeyRotationBody}: no body or {@code {}} is a planned rotation. */
    @Override
    public ResponseEntity<SigningKeyRotation> rotateSigningKey(@Nullable SigningKeyRotationRequest request) {
        boolean withdraw = request != null && Boolean.TRUE.equals(request.getWithdrawPrevious());
        SigningKeys.Rotation rotation = signingKeys.rotate(withdraw);
        String operator = SecurityContextHolder.getContext().getAuthentication().getName();
        if (withdraw) {
            log.warn("Operator {} withdrew the signing keys {}: kid {} signs; every token signed before is refused",
                    operator, rotation.withdrawnKeyIds(), rotation.keyId());
        } else {
            log.info("Operator {} rotated the signing key: kid {} signs; published {}", operator, rotation.keyId(),
                    rotation.publishedKeyIds());
        }
        return ResponseEntity.ok().header("Cache-Control", "no-store")
                .body(new SigningKeyRotation(rotation.keyId(), rotation.withdrawnKeyIds(), rotation.publishedKeyIds()));
    }

    @Override
    public ResponseEntity<ResidentImportResult> importResidents(String body, String mode) {
        if (mode != null && !"all-or-nothing".equals(mode) && !"good-rows-only".equals(mode)) {
            throw new ErrorResponseException(HttpStatus.BAD_REQUEST, Problems.of(HttpStatus.BAD_REQUEST, "bad-request",
                    "Bad request", "mode must be all-or-nothing or good-rows-only."), null);
        }
        RegistryImport.Outcome outcome = registryImport.importCsv(body, "good-rows-only".equals(mode));
        List<ImportRowError> errors = outcome.errors().stream()
                .map(e -> new ImportRowError(e.line(), e.reason())).toList();
        if (!outcome.imported()) {
            ProblemDetail problem = Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "invalid-import", "Invalid import",
                    errors.size() + " bad row(s); nothing was imported. Fix them, or import the good rows only with mode=good-rows-only.");
            problem.setProperty("errors", outcome.errors());
            throw new ErrorResponseException(HttpStatus.UNPROCESSABLE_CONTENT, problem, null);
        }
        return ResponseEntity.ok(new ResidentImportResult(outcome.created(), outcome.verified(), errors));
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
