/**
 * The OCI registry source: {@link dev.konflux.ecosystem.internal.registry.RegistrySource} reads one
 * repository over the distribution API; {@link
 * dev.konflux.ecosystem.internal.registry.RegistrySourceProvider} serves the {@code registry}
 * scheme.
 *
 * <p>Why not ORAS Java SDK: the source speaks {@link java.net.http.HttpClient} directly. The newest
 * ORAS release served to this build is 0.7.0, which had no retries, no digest checks and a {@code
 * getBlob} that corrupted binary content. The 0.8.x line fixed those three (it retries, checks
 * digests and reads blobs binary-safe), but it still does not meet this source's requirements:
 *
 * <ul>
 *   <li>it reads the machine's {@code registries.conf} ({@code CONTAINERS_REGISTRIES_CONF}) and
 *       {@code policy.json} with no way to opt out, so host configuration could change which
 *       registry is contacted, over plain HTTP or not, and with which credentials, instead of our
 *       {@link dev.konflux.ecosystem.api.SourceOptions} alone;
 *   <li>it registers a global Bouncy Castle security provider, changing the JCA for the whole
 *       embedding JVM;
 *   <li>it sets no read timeout, so a stalled registry hangs a release, and it cannot resume a
 *       broken blob body with {@code Range};
 *   <li>its referrers pagination is broken in 0.8.1 to 0.8.3: it reads the {@code Link} {@code
 *       last} parameter from the first page only, so later pages are lost or repeated.
 * </ul>
 *
 * <p>Not loading any ORAS class also means {@code registries.conf} can never change what this
 * source does. We keep our own client and look again when a release fixes the points above.
 *
 * <p>What is here: {@code RegistryClient} (auth: anonymous, Basic, Bearer token exchange; redirects
 * without leaking credentials to other origins; retries of idempotent reads on 5xx and connection
 * errors and stalled document bodies, never on 4xx), {@code IdleTimeoutBody} (response bodies whose
 * reads end after {@code SourceOptions.readIdleTimeout} without bytes), {@code ResumingBlobStream}
 * (resumes a broken or stalled blob body with {@code Range}, under the verifying stream), {@code
 * AuthChallenge} and {@code LinkHeader} (parsers of untrusted headers), {@code
 * RegistryCredentialResolver} (explicit credentials, then Docker/Podman {@code config.json}).
 */
package dev.konflux.ecosystem.internal.registry;
