package org.tsunagu.id.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.tsunagu.id.IdServiceApplication;
import org.tsunagu.id.pairwise.PairwiseSubjects;

/** The signing key and pairwise secret survive a restart on the same data dir. */
class SigningKeyRestartTest {

    @TempDir
    Path dataDir;

    private record Snapshot(List<String> kids, String modulus, String pairwiseSub) {
    }

    @Test
    void givenAStartedService_whenItRestartsOnTheSameDataDir_thenItServesTheSameKeyAndSubs() throws Exception {
        Snapshot first = startAndSnapshot();
        Snapshot second = startAndSnapshot();

        assertThat(first.kids()).hasSize(1);
        assertThat(second).isEqualTo(first);
        assertThat(Files.exists(dataDir.resolve("id-service/db.mv.db"))).isTrue();
    }

    @SuppressWarnings("unchecked")
    private Snapshot startAndSnapshot() throws Exception {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(IdServiceApplication.class)
                .run("--server.port=0", "--tsunagu.data-dir=" + dataDir, "--spring.jmx.enabled=false",
                "--spring.kafka.listener.auto-startup=false", "--spring.kafka.admin.auto-create=false")) {
            JWKSource<SecurityContext> source = context.getBean(JWKSource.class);
            List<JWK> keys = source.get(new JWKSelector(new JWKMatcher.Builder().build()), null);
            String sub = context.getBean(PairwiseSubjects.class).issue("some-app", "RID-0001");
            return new Snapshot(keys.stream().map(JWK::getKeyID).toList(),
                    keys.get(0).toRSAKey().getModulus().toString(), sub);
        }
    }
}
