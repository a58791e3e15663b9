package org.tsunagu.gateway.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

import org.apache.hc.client5.http.DnsResolver;

/**
 * Where webhook deliveries may connect, decided on the addresses the connection is actually made
 * to (after DNS, at each new connection), so an app's host name that resolves — or is re-pointed
 * later (DNS rebinding) — to the hub's own network is refused (ADR 0053).
 * <ul>
 * <li>A host <em>named</em> as loopback ({@code localhost}, {@code 127.x.x.x}, {@code [::1]}) may
 *     connect to loopback only: such subscriptions exist only for apps whose approved webhook URL is
 *     on loopback (development, the embedded demo).</li>
 * <li>Any other name must resolve only to addresses that are not loopback, link-local
 *     ({@code 169.254/16} with the cloud metadata service, {@code fe80::/10}), unspecified or
 *     multicast, and — unless {@code allowPrivate} (apps on a municipality's own network) — not
 *     private ({@code 10/8}, {@code 172.16/12}, {@code 192.168/16}, {@code 100.64/10},
 *     {@code fc00::/7}).</li>
 * </ul>
 * A refusal fails the attempt like an unreachable host ({@link AddressNotAllowedException}), so it
 * is retried with backoff, recorded, and dead-lettered in the end: the operator sees why.
 */
final class WebhookAddressPolicy implements DnsResolver {

    /** The host resolved to an address webhooks may not be sent to. */
    static final class AddressNotAllowedException extends UnknownHostException {
        AddressNotAllowedException(String host) {
            super(host + ": resolves to an address webhooks are not sent to");
        }
    }

    /** 127.0.0.0/8 written as a literal; compiled once: the dispatcher asks before every delivery (ADR 0055). */
    private static final Pattern LOOPBACK_V4 = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

    private final DnsResolver dns;
    private final boolean allowPrivate;

    WebhookAddressPolicy(DnsResolver dns, boolean allowPrivate) {
        this.dns = dns;
        this.allowPrivate = allowPrivate;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        InetAddress[] addresses = dns.resolve(host);
        boolean loopbackName = isLoopbackName(host);
        for (InetAddress address : addresses) {
            if (loopbackName ? !address.isLoopbackAddress() : !isPublic(address)) {
                throw new AddressNotAllowedException(host);
            }
        }
        return addresses;
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        return dns.resolveCanonicalHostname(host);
    }

    static boolean isLoopbackName(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.equals("[::1]") || h.equals("::1") || LOOPBACK_V4.matcher(h).matches();
    }

    private boolean isPublic(InetAddress address) {
        if (address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isAnyLocalAddress()
                || address.isMulticastAddress()) {
            return false;
        }
        return allowPrivate || !isPrivate(address.getAddress());
    }

    private static boolean isPrivate(byte[] a) {
        int b0 = a[0] & 0xff;
        int b1 = a[1] & 0xff;
        if (a.length == 4) {
            return b0 == 10 || (b0 == 172 && b1 >= 16 && b1 <= 31) || (b0 == 192 && b1 == 168)
                    || (b0 == 100 && b1 >= 64 && b1 <= 127);
        }
        return (b0 & 0xfe) == 0xfc || (b0 == 0xfe && (b1 & 0xc0) == 0xc0); // fc00::/7, fec0::/10
    }
}
