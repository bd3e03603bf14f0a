package org.opentask.app.webhook;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * Where the service may send a request: an {@code http} or {@code https} URL whose host resolves only to public
 * addresses, unless {@code opentask.webhooks.allow-private-targets} lets loopback, private, link-local and other
 * internal addresses through. Checked when a URL is registered and again before every attempt, since a name may
 * resolve elsewhere later.
 */
final class TargetGuard {

    static final int MAX_URL_LENGTH = 2000;

    private final boolean allowPrivate;

    TargetGuard(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    /** The URL, checked; {@link IllegalArgumentException} saying what is wrong with it. */
    URI check(String url) {
        URI uri = parse(url);
        refuseInternal(uri.getHost());
        return uri;
    }

    /** The URL's syntax and scheme only: what a check needs before any name is resolved. */
    static URI parse(String url) {
        if (url.length() > MAX_URL_LENGTH) {
            throw new IllegalArgumentException("must be at most " + MAX_URL_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("must be an http or https URL");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("must name a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("must not carry a user name or password");
        }
        if (uri.getRawFragment() != null) {
            throw new IllegalArgumentException("must not carry a fragment");
        }
        return uri;
    }

    private void refuseInternal(String host) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("names a host that does not resolve: " + host);
        }
        if (allowPrivate) {
            return;
        }
        for (InetAddress address : addresses) {
            if (internal(address)) {
                throw new IllegalArgumentException("resolves to " + address.getHostAddress()
                        + ", an internal address (loopback, private, link-local); the service sends only to public "
                        + "addresses unless opentask.webhooks.allow-private-targets is set");
            }
        }
    }

    static boolean internal(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (bytes.length == 4) {
            int first = bytes[0] & 0xff;
            int second = bytes[1] & 0xff;
            // carrier-grade NAT 100.64/10, the 0/8 "this network", and the benchmarking 198.18/15
            return first == 0 || (first == 100 && second >= 64 && second < 128)
                    || (first == 198 && (second == 18 || second == 19));
        }
        // IPv6 unique local addresses fc00::/7, and IPv4-mapped addresses judged as IPv4
        if ((bytes[0] & 0xfe) == 0xfc) {
            return true;
        }
        return false;
    }

    /** Whether {@code host} is one of {@code allowed}: exact names, or {@code *.example.com} for subdomains. */
    static boolean hostAllowed(String host, List<String> allowed) {
        String name = host.toLowerCase(Locale.ROOT);
        for (String entry : allowed) {
            String rule = entry.trim().toLowerCase(Locale.ROOT);
            if (rule.startsWith("*.") ? name.endsWith(rule.substring(1)) : name.equals(rule)) {
                return true;
            }
        }
        return false;
    }
}
