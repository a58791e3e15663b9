package org.tsunagu.audit.accesslog;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.RestController;
import org.tsunagu.api.audit.MyAccessLogApi;
import org.tsunagu.api.audit.model.AccessLog;

/** HTTP adapter of {@link MyAccessLogApi}: the caller's own records, the caller being the token's {@code sub}. */
@RestController
class MyAccessLogController implements MyAccessLogApi {

    private final AccessRecordStore store;

    MyAccessLogController(AccessRecordStore store) {
        this.store = store;
    }

    @Override
    public ResponseEntity<AccessLog> readMyAccessLog(Integer limit) {
        return ResponseEntity.ok(new AccessLog(store.newestFor(currentResident(), limit)));
    }

    /** The regional resident id of the portal token's subject; security guarantees a JWT is present. */
    private static String currentResident() {
        JwtAuthenticationToken authentication =
                (JwtAuthenticationToken) SecurityContextHolder.getContext().getAuthentication();
        return authentication.getToken().getSubject();
    }
}
