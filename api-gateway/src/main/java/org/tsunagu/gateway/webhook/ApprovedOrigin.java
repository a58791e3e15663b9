package org.tsunagu.gateway.webhook;

import java.net.URI;

/**
 * Whether a webhook URL is on the origin the hub operator approved for the app (ADR 0053, 0055):
 * same scheme, same host, same port. The only leniency is the host's spelling on loopback:
 * {@code localhost}, {@code 127.x.x.x} and {@code [::1]} name the same machine, so an approved
 * {@code http://127.0.0.1:8765/...} also admits {@code http://localhost:8765/...}, but never another
 * port, which on a hub's machine may be one of the hub's own services.
 */
final class ApprovedOrigin {

    private ApprovedOrigin() {
    }

    static boolean matches(URI approved, URI url) {
        if (approved == null || url == null || approved.getScheme() == null || approved.getHost() == null
                || url.getScheme() == null || url.getHost() == null
                || !approved.getScheme().equalsIgnoreCase(url.getScheme()) || port(approved) != port(url)) {
            return false;
        }
        if (WebhookAddressPolicy.isLoopbackName(approved.getHost())) {
            return WebhookAddressPolicy.isLoopbackName(url.getHost());
        }
        return approved.getHost().equalsIgnoreCase(url.getHost());
    }

    /** For messages: scheme://host[:port] of the approved URL. */
    static String describe(URI approved) {
        return approved.getScheme() + "://" + approved.getHost() + (approved.getPort() == -1 ? "" : ":" + approved.getPort());
    }

    private static int port(URI url) {
        return url.getPort() != -1 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
    }
}
