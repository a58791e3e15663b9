package org.tsunagu.gateway.read;

import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.RestController;
import org.tsunagu.api.gateway.ResidentsApi;
import org.tsunagu.api.gateway.model.CategoryResponse;
import org.tsunagu.gateway.security.SecurityConfig;
import org.tsunagu.gateway.web.ApiProblemException;
import org.tsunagu.gateway.web.ProblemType;

/** {@code GET /v1/residents/{sub}/{category}}: the app from the token, the rest from {@link ReadService}. */
@RestController
public class ResidentsController implements ResidentsApi {

    private final ReadService reads;

    public ResidentsController(ReadService reads) {
        this.reads = reads;
    }

    @Override
    public ResponseEntity<CategoryResponse> readResidentCategory(String sub, String category,
            @Nullable String tsunaguPurpose, @Nullable String xCorrelationId) {
        return ResponseEntity.ok(reads.read(new ReadRequest(callingApp(), sub, category, tsunaguPurpose, xCorrelationId)));
    }

    private static String callingApp() {
        var auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof Jwt jwt
                && jwt.getClaim(SecurityConfig.CLIENT_ID_CLAIM) instanceof String clientId && !clientId.isBlank()) {
            return clientId;
        }
        throw new ApiProblemException(ProblemType.INVALID_TOKEN, "The token names no app (client_id).");
    }
}
