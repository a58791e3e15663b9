package org.tsunagu.id.login;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.tsunagu.id.authserver.HubClients;

/**
 * Which kind of account may log in to which client: only operators to the operator console, only
 * residents to the portal and to apps. An operator never holds a resident token, and a resident
 * never an operator one.
 */
public final class AccountKindRule {

    private AccountKindRule() {
    }

    /** @return whether this logged-in principal may receive tokens of this client */
    public static boolean mayUse(String clientId, Authentication principal) {
        String required = HubClients.OPERATOR_CONSOLE.equals(clientId) ? LoginAccounts.OPERATOR : LoginAccounts.RESIDENT;
        return principal != null && principal.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .anyMatch(required::equals);
    }

    public static boolean isOperator(Authentication principal) {
        return principal.getAuthorities().stream().map(GrantedAuthority::getAuthority).anyMatch(LoginAccounts.OPERATOR::equals);
    }
}
