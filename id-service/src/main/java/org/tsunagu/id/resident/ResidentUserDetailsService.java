package org.tsunagu.id.resident;

import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;

/**
 * Lets residents log in with their login id. The principal is a plain {@link User} named by the
 * login id, so the authorization service can store it; map it with {@link Residents#findByLoginId}.
 */
@Service
public class ResidentUserDetailsService implements UserDetailsService {

    private final Residents residents;

    public ResidentUserDetailsService(Residents residents) {
        this.residents = residents;
    }

    @Override
    public UserDetails loadUserByUsername(String loginId) {
        return residents.findByLoginId(loginId)
                .map(r -> User.withUsername(r.loginId()).password(r.passwordHash()).roles("RESIDENT").build())
                .orElseThrow(() -> new UsernameNotFoundException("unknown login id"));
    }
}
