/**
 * The OCI registry source: {@link dev.konflux.ecosystem.internal.registry.RegistrySource} reads
 * one repository over the distribution API; {@link
 * dev.konflux.ecosystem.internal.registry.RegistrySourceProvider} serves the {@code registry}
 * scheme.
 *
 * <p>Why not ORAS: the source speaks {@link java.net.http.HttpClient} directly. ORAS Java SDK
 * 0.7.0 could not meet the source's requirements for any call it makes: no retries or backoff;
 * no access to status codes and {@code Link}/{@code Docker-Content-Digest} headers, so no
 * referrers pagination and no "404 means none" for the tag schema and cosign tags; downloaded
 * bytes not checked against their digest; {@code getBlob} corrupting binary content; credentials
 * and plain-HTTP decisions from {@code registries.conf} and its own auth chain instead of our
 * {@link dev.konflux.ecosystem.api.SourceOptions}; non-daemon default pools; global Bouncy Castle
 * provider registration. Not loading any ORAS class also means {@code registries.conf}
 * ({@code CONTAINERS_REGISTRIES_CONF}) can never change what this source does.
 *
 * <p>What is here: {@code RegistryClient} (auth: anonymous, Basic, Bearer token exchange; redirects
 * without leaking credentials to other origins; retries of idempotent reads on 5xx and connection
 * errors and stalled document bodies, never on 4xx), {@code IdleTimeoutBody} (response bodies whose
 * reads end after {@code SourceOptions.readIdleTimeout} without bytes), {@code ResumingBlobStream}
 * (resumes a broken or stalled blob body with {@code Range}, under the verifying stream), {@code AuthChallenge} and {@code LinkHeader} (parsers of
 * untrusted headers), {@code RegistryCredentialResolver} (explicit credentials, then Docker/Podman
 * {@code config.json}).
 */
package dev.konflux.ecosystem.internal.registry;
