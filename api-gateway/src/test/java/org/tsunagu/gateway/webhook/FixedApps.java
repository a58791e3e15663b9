package org.tsunagu.gateway.webhook;

import java.net.URI;
import java.util.Optional;
import java.util.Set;

import org.tsunagu.gateway.subject.AppDirectory;

/** Every app declared these purposes and was approved this webhook URL (null: none). */
record FixedApps(Set<String> purposes, String webhookUrl) implements AppDirectory {

    @Override
    public Set<String> declaredPurposes(String clientId) {
        return purposes;
    }

    @Override
    public Optional<URI> approvedWebhookUrl(String clientId) {
        return Optional.ofNullable(webhookUrl).map(URI::create);
    }
}
