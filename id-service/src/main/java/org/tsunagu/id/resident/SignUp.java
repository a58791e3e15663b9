package org.tsunagu.id.resident;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.tsunagu.id.operator.Operators;

/**
 * Self sign-up: creates an unverified resident account (ADR 0027). It becomes verified only when
 * an operator's import from the resident registry matches it.
 */
@Service
public class SignUp {

    /** Municipalities of the region (the seeds' municipality keys). */
    public static final Set<String> MUNICIPALITIES = Set.of("aizuwakamatsu", "bandai", "nishiaizu");

    private static final Pattern LOGIN_ID = Pattern.compile("[a-z0-9][a-z0-9._-]{2,63}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Residents residents;
    private final Operators operators;
    private final PasswordEncoder passwords;

    public SignUp(Residents residents, Operators operators, PasswordEncoder passwords) {
        this.residents = residents;
        this.operators = operators;
        this.passwords = passwords;
    }

    /** What the resident typed. */
    public record Application(String loginId, String password, String familyName, String givenName, String municipality) {
    }

    /** The outcome: the new resident id, or the problems found (message keys), nothing created. */
    public sealed interface Outcome {
        record Created(String residentId) implements Outcome { }
        record Refused(List<String> problems) implements Outcome { }
    }

    @Transactional
    public Outcome apply(Application application) {
        List<String> problems = new ArrayList<>();
        String loginId = trim(application.loginId());
        if (!LOGIN_ID.matcher(loginId).matches()) {
            problems.add("login-id");
        }
        String password = application.password() == null ? "" : application.password();
        if (password.length() < 12 || password.length() > 128) {
            problems.add("password");
        }
        if (blankOrLong(application.familyName()) || blankOrLong(application.givenName())) {
            problems.add("name");
        }
        if (!MUNICIPALITIES.contains(trim(application.municipality()))) {
            problems.add("municipality");
        }
        if (problems.isEmpty() && (residents.findByLoginId(loginId).isPresent() || operators.findByLoginId(loginId).isPresent())) {
            problems.add("login-id-taken");
        }
        if (!problems.isEmpty()) {
            return new Outcome.Refused(problems);
        }
        String residentId = "RID-S" + HexFormat.of().formatHex(randomBytes()).toUpperCase();
        try {
            residents.addUnverified(new Resident(residentId, loginId, passwords.encode(password),
                    application.familyName().trim(), application.givenName().trim(), application.municipality().trim()));
        } catch (DuplicateKeyException raced) {
            return new Outcome.Refused(List.of("login-id-taken"));
        }
        return new Outcome.Created(residentId);
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static String trim(String value) {
        return value == null ? "" : value.trim();
    }

    private static boolean blankOrLong(String value) {
        return value == null || value.isBlank() || value.length() > 100;
    }
}
