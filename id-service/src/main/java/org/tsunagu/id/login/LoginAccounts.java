package org.tsunagu.id.login;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;
import org.tsunagu.id.operator.Operators;
import org.tsunagu.id.resident.Residents;

/**
 * Who may log in on {@code /login}: residents (role {@code RESIDENT}) and operators (role
 * {@code OPERATOR}), never both. The principal is a plain {@link User} named by the login id, so
 * the authorization service can store it; which kind of account it is travels as its role.
 */
@Service
public class LoginAccounts implements UserDetailsService {

    /** Authority of a resident's login session. */
    public static final String RESIDENT = "ROLE_RESIDENT";
    /** Authority of an operator's login session. */
    public static final String OPERATOR = "ROLE_OPERATOR";

    private static final Logger log = LoggerFactory.getLogger(LoginAccounts.class);

    private final Residents residents;
    private final Operators operators;

    public LoginAccounts(Residents residents, Operators operators) {
        this.residents = residents;
        this.operators = operators;
    }

    @Override
    public UserDetails loadUserByUsername(String loginId) {
        var resident = residents.findByLoginId(loginId);
        var operator = operators.findByLoginId(loginId);
        if (resident.isPresent() && operator.isPresent()) {
            // fail closed: never guess which account a shared login id means
            log.error("Login id is both a resident's and an operator's; refusing to log it in");
            throw new UsernameNotFoundException("ambiguous login id");
        }
        if (resident.isPresent()) {
            return User.withUsername(resident.get().loginId()).password(resident.get().passwordHash())
                    .authorities(RESIDENT).build();
        }
        return operator
                .map(o -> User.withUsername(o.loginId()).password(o.passwordHash()).authorities(OPERATOR).build())
                .orElseThrow(() -> new UsernameNotFoundException("unknown login id"));
    }
}
