/**
 * rpm-md repository metadata, written as createrepo_c writes it.
 *
 * <p>How the RPM target uses it, in {@code TargetSession.writeIndex(...)}:
 *
 * <pre>{@code
 * // per signed package, while adding (the signer knows size, SHA-256 and header range):
 * entries.add(PackageEntries.fromPackage(signedPackage, "x86_64/foo-1.0-1.x86_64.rpm", mtime));
 * // optional: an existing repository being extended (createrepo_c --update)
 * RepositoryUpdate.Plan plan = RepositoryUpdate.plan(
 *     new ExistingRepodataReader().read(repoDir), repoDir, entries, false);
 * // read plan.toRead() with PackageEntries.fromPackage, then list plan.entries() plus those
 * RepodataResult result = RepodataWriter.builder()
 *     .compression(MetadataCompression.GZIP)
 *     .signingKey(releaseKey, "konflux")            // repomd.xml.asc + RPM-GPG-KEY-konflux
 *     .build()
 *     .write(repoDir, entries, List.of(new ExtraMetadata("sbom", "x86_64/foo.spdx.json")),
 *         releaseTime);
 * // result.files(): every file written, relative to repoDir, with SHA-256 and size
 * }</pre>
 *
 * <p>{@link dev.konflux.ecosystem.rpm.internal.repodata.PackageEntries} applies createrepo_c's
 * rules to header tags; {@code PrimaryXmlWriter}, {@code FilelistsXmlWriter} and {@code
 * OtherXmlWriter} stream the XML through one compress-and-hash pass; {@code RepomdXmlWriter}
 * indexes them; {@link dev.konflux.ecosystem.rpm.internal.repodata.ExistingRepodataReader} reads
 * metadata back for updates.
 */
package dev.konflux.ecosystem.rpm.internal.repodata;
