package org.tsunagu.consent.grant;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.springframework.stereotype.Service;
import org.tsunagu.consent.apps.AppDirectory;
import org.tsunagu.consent.apps.RegisteredApp;
import org.tsunagu.consent.ledger.ConsentLedger;
import org.tsunagu.consent.ledger.GrantCommand;
import org.tsunagu.consent.ledger.Granted;

/**
 * Opting in on the resident's own behalf: the app must be registered and must have declared the
 * category and the purpose; validity must end in the future (default: one year from now).
 * Checks run before anything is written; when the directory is unreachable nothing changes.
 */
@Service
public class GrantConsent {

    private final AppDirectory apps;
    private final ConsentLedger ledger;
    private final Clock clock;

    GrantConsent(AppDirectory apps, ConsentLedger ledger, Clock clock) {
        this.apps = apps;
        this.ledger = ledger;
        this.clock = clock;
    }

    public Granted grant(String residentId, GrantRequest request) {
        Instant now = clock.instant();
        Instant validUntil = request.validUntil() == null
                ? now.atZone(clock.getZone()).plusYears(1).toInstant().truncatedTo(ChronoUnit.SECONDS)
                : request.validUntil();
        if (!validUntil.isAfter(now)) {
            throw new GrantRejectedException(GrantRejection.INVALID_VALIDITY, "validUntil must be in the future.");
        }
        RegisteredApp app = apps.find(request.appId()).orElseThrow(() -> new GrantRejectedException(
                GrantRejection.UNKNOWN_APP, "No app '" + request.appId() + "' is registered at the regional ID."));
        if (!app.declaresCategory(request.category())) {
            throw new GrantRejectedException(GrantRejection.CATEGORY_NOT_DECLARED,
                    "The app '" + app.appId() + "' has not declared the category " + request.category() + ".");
        }
        if (!app.declaresPurpose(request.purpose())) {
            throw new GrantRejectedException(GrantRejection.PURPOSE_NOT_DECLARED,
                    "The app '" + app.appId() + "' has not declared the purpose " + request.purpose() + ".");
        }
        return ledger.grant(new GrantCommand(residentId, app.appId(), request.category(), request.purpose(),
                validUntil));
    }
}
