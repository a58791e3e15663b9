package org.tsunagu.consent.receipt;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.tsunagu.consent.apps.AppDirectory;
import org.tsunagu.consent.apps.AppDirectoryUnavailableException;
import org.tsunagu.consent.apps.RegisteredApp;

/**
 * Names an app's controller for receipts and the portal: from the app directory when it answers
 * (remembering the answer), else from the last answer remembered, else just the app id. A
 * withdrawal never waits for, or fails because of, the directory.
 */
@Component
public class ControllerLookup {

    private static final Logger log = LoggerFactory.getLogger(ControllerLookup.class);

    private final AppDirectory directory;
    private final JdbcClient jdbc;
    private final Clock clock;

    ControllerLookup(AppDirectory directory, JdbcClient jdbc, Clock clock) {
        this.directory = directory;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public ConsentController controllerOf(String appId) {
        try {
            Optional<RegisteredApp> app = directory.find(appId);
            if (app.isPresent()) {
                ConsentController controller = new ConsentController(appId, app.get().name(), app.get().operator());
                remember(controller);
                return controller;
            }
        } catch (AppDirectoryUnavailableException e) {
            log.debug("App directory unavailable, using the remembered controller of {}", appId);
        }
        return remembered(appId).orElseGet(() -> new ConsentController(appId, appId, null));
    }

    private void remember(ConsentController controller) {
        // standard MERGE: runs on H2 and PostgreSQL alike; the casts type the parameters for PostgreSQL
        jdbc.sql("""
                        MERGE INTO app_controller t
                        USING (VALUES (CAST(? AS VARCHAR(128)), CAST(? AS VARCHAR(256)), CAST(? AS VARCHAR(256)),
                                       CAST(? AS TIMESTAMP WITH TIME ZONE))) s (app_id, name, operator, updated_at)
                        ON t.app_id = s.app_id
                        WHEN MATCHED THEN UPDATE SET name = s.name, operator = s.operator, updated_at = s.updated_at
                        WHEN NOT MATCHED THEN INSERT (app_id, name, operator, updated_at)
                            VALUES (s.app_id, s.name, s.operator, s.updated_at)""")
                .params(controller.appId(), controller.appName(), controller.operator(),
                        clock.instant().atOffset(ZoneOffset.UTC))
                .update();
    }

    private Optional<ConsentController> remembered(String appId) {
        return jdbc.sql("SELECT app_id, name, operator FROM app_controller WHERE app_id = ?")
                .param(appId)
                .query((rs, row) -> new ConsentController(rs.getString("app_id"), rs.getString("name"),
                        rs.getString("operator")))
                .optional();
    }
}
