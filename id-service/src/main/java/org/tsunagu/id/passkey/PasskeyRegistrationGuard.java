package org.tsunagu.id.passkey;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.web.filter.OncePerRequestFilter;
import org.tsunagu.id.login.LoginAccounts;

/**
 * Fails closed before Spring Security's WebAuthn registration filters (some of which run ahead of
 * the authorization rules): creating or deleting a passkey ({@code POST}/{@code DELETE} under
 * {@code /webauthn/register}) needs a logged-in resident, else 401 or 403 problem+json.
 */
public final class PasskeyRegistrationGuard extends OncePerRequestFilter {

    private final AuthenticationEntryPoint notLoggedIn;
    private final AccessDeniedHandler notAResident;

    public PasskeyRegistrationGuard(AuthenticationEntryPoint notLoggedIn, AccessDeniedHandler notAResident) {
        this.notLoggedIn = notLoggedIn;
        this.notAResident = notAResident;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        boolean registration = path.equals("/webauthn/register") || path.startsWith("/webauthn/register/");
        return !registration || HttpMethod.GET.matches(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication who = SecurityContextHolder.getContext().getAuthentication();
        if (who == null || !who.isAuthenticated() || who instanceof AnonymousAuthenticationToken) {
            notLoggedIn.commence(request, response,
                    new InsufficientAuthenticationException("Log in before registering a passkey."));
            return;
        }
        boolean resident = who.getAuthorities().stream().anyMatch(a -> LoginAccounts.RESIDENT.equals(a.getAuthority()));
        if (!resident) {
            notAResident.handle(request, response, new AccessDeniedException("Only residents register passkeys."));
            return;
        }
        chain.doFilter(request, response);
    }
}
