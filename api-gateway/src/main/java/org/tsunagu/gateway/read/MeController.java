package org.tsunagu.gateway.read;

import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.RestController;
import org.tsunagu.api.gateway.MeApi;
import org.tsunagu.api.gateway.model.CategoryResponse;
import org.tsunagu.gateway.security.SecurityConfig;
import org.tsunagu.gateway.web.ApiProblemException;
import org.tsunagu.gateway.web.ProblemType;

/**
 * {@code GET /v1/me/{category}}: the resident who is present. The token's {@code sub} is the
 * app's pairwise sub for the resident (authorization code); a client-credentials token, whose
 * {@code sub} is the app itself, names no resident and is refused. The rest is {@link ReadService}.
 */
@RestController
public class MeController implements MeApi {

    private final ReadService reads;

    public MeController(ReadService reads) {
        this.reads = reads;
    }

    @Override
    public ResponseEntity<CategoryResponse> readMyCategory(String category, @Nullable String tsunaguPurpose,
            @Nullable String xCorrelationId) {
        Jwt jwt = token();
        String clientId = jwt.getClaimAsString(SecurityConfig.CLIENT_ID_CLAIM);
        String sub = jwt.getSubject();
        if (clientId == null || clientId.isBlank() || sub == null || sub.isBlank() || sub.equals(clientId)) {
            throw new ApiProblemException(ProblemType.INVALID_TOKEN,
                    "This path needs a token the resident granted to the app (authorization code); "
                            + "app tokens use /v1/residents/{sub}/{category}.");
        }
        return ResponseEntity.ok(reads.read(new ReadRequest(clientId, sub, category, tsunaguPurpose, xCorrelationId)));
    }

    private static Jwt token() {
        var auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof Jwt jwt) {
            return jwt;
        }
        throw new ApiProblemException(ProblemType.INVALID_TOKEN, "A bearer token is required.");
    }
}
