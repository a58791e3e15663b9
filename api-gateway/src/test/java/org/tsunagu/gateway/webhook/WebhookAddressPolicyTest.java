package org.tsunagu.gateway.webhook;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.WireMockServer;

import org.apache.hc.client5.http.DnsResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Deliveries connect only where an app's webhook may be: judged on the resolved addresses. */
class WebhookAddressPolicyTest {

    /** A DNS that answers from a table, as a rebinding attacker's would. */
    private record TableDns(Map<String, String> table) implements DnsResolver {
        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            String address = table.get(host);
            if (address == null) {
                throw new UnknownHostException(host);
            }
            return new InetAddress[] {InetAddress.getByName(address)};
        }

        @Override
        public String resolveCanonicalHostname(String host) {
            return host;
        }
    }

    @ParameterizedTest(name = "{0} -> {1}, private allowed {2}: {3}")
    @CsvSource({
            "hooks.app.example, 203.0.113.10, false, true",
            "hooks.app.example, 2001:db8::10, false, true",
            "hooks.app.example, 127.0.0.1, true, false",
            "hooks.app.example, ::1, true, false",
            "hooks.app.example, 169.254.169.254, true, false",
            "hooks.app.example, fe80::1, true, false",
            "hooks.app.example, 0.0.0.0, true, false",
            "hooks.app.example, 224.0.0.1, true, false",
            "hooks.app.example, 10.1.2.3, false, false",
            "hooks.app.example, 172.20.0.5, false, false",
            "hooks.app.example, 192.168.1.20, false, false",
            "hooks.app.example, 100.64.0.1, false, false",
            "hooks.app.example, fd00::5, false, false",
            "hooks.app.example, 10.1.2.3, true, true",
            "hooks.app.example, 192.168.1.20, true, true",
            "hooks.app.example, 172.32.0.5, false, true",
            "localhost, 127.0.0.1, false, true",
            "127.0.0.1, 127.0.0.1, false, true",
            "localhost, 203.0.113.10, false, false",
    })
    void addressesAreJudgedAfterResolution(String host, String address, boolean allowPrivate, boolean allowed)
            throws Exception {
        var policy = new WebhookAddressPolicy(new TableDns(Map.of(host, address)), allowPrivate);
        if (allowed) {
            assertThat(policy.resolve(host)).containsExactly(InetAddress.getByName(address));
        } else {
            assertThatThrownBy(() -> policy.resolve(host))
                    .isInstanceOf(WebhookAddressPolicy.AddressNotAllowedException.class).hasMessageContaining(host);
        }
    }

    @Test
    void givenAnAppHostThatResolvesToTheHubsOwnMachine_whenDelivering_thenNoRequestIsMade_andTheAttemptFails()
            throws Exception {
        WireMockServer hub = new WireMockServer(options().dynamicPort());
        hub.start();
        hub.stubFor(post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(204)));
        var dns = new TableDns(Map.of("hooks.app.example", "127.0.0.1", "localhost", "127.0.0.1"));
        try (var sender = new WebhookSender(Duration.ofSeconds(2), 4, WebhookSender.breakers(20, Duration.ofSeconds(30),
                Duration.ofSeconds(2)), new WebhookAddressPolicy(dns, true))) {
            String rebound = sender.post("http://hooks.app.example:" + hub.port() + "/hook", "msg_1", 1_700_000_000L,
                    "v1,x", "{}").get(5, TimeUnit.SECONDS);
            String loopback = sender.post("http://localhost:" + hub.port() + "/hook", "msg_2", 1_700_000_000L,
                    "v1,x", "{}").get(5, TimeUnit.SECONDS);

            assertThat(rebound).isEqualTo("AddressNotAllowedException");
            assertThat(loopback).as("a loopback-named host (a development app) is delivered to").isNull();
            assertThat(hub.findAll(postRequestedFor(urlEqualTo("/hook")))).hasSize(1)
                    .allSatisfy(r -> assertThat(r.getHeader("webhook-id")).isEqualTo("msg_2"));
        } finally {
            hub.stop();
        }
    }
}
