package dev.konflux.ecosystem.internal.release;

import org.jspecify.annotations.Nullable;
import dev.konflux.ecosystem.api.ComponentArtifact;
import dev.konflux.ecosystem.api.CosignPublicKey;
import dev.konflux.ecosystem.api.VerificationDecision;
import dev.konflux.ecosystem.api.VerificationPolicy;
import dev.konflux.ecosystem.internal.verify.ReleaseGate;
import dev.konflux.ecosystem.spi.KeylessBundleVerifier;
import java.util.ServiceLoader;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.api.ReleaseEvent;
import dev.konflux.ecosystem.api.ReleaseRecord;
import dev.konflux.ecosystem.api.ResolvedComponent;
import dev.konflux.ecosystem.api.Snapshot;
import dev.konflux.ecosystem.api.SourceUnavailableException;
import dev.konflux.ecosystem.api.TranslateRequest;
import dev.konflux.ecosystem.api.TranslateResult;
import dev.konflux.ecosystem.api.Translator;
import dev.konflux.ecosystem.spi.ArtifactSource;
import dev.konflux.ecosystem.spi.ArtifactSourceProvider;
import dev.konflux.ecosystem.spi.BlobReader;
import dev.konflux.ecosystem.spi.EcosystemTarget;
import dev.konflux.ecosystem.spi.TargetSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One release: resolve and verify every component, decide whether the output already holds it,
 * translate into staging, commit. See {@link Translator} for the guarantees.
 */
public final class ReleaseRun {
  private static final Logger LOG = LoggerFactory.getLogger(ReleaseRun.class);

  private final Translator config;
  private final TranslateRequest request;
  private final Events events;
  private final ReleaseGate gate;

  /**
   * @param config the translator settings
   * @param request what to release
   */
  public ReleaseRun(Translator config, TranslateRequest request) {
    this.config = config;
    this.request = request;
    this.events = new Events(config.listener());
    this.gate = new ReleaseGate(ServiceLoader.load(KeylessBundleVerifier.class, config.classLoader()).findFirst());
  }

  /** A component resolved, verified and matched to targets, with its open source. */
  private record Planned(ResolvedComponent component, ArtifactSource source, Map<ComponentArtifact, EcosystemTarget> targets,
      List<VerificationDecision> decisions) {}

  /**
   * @return the result
   * @throws KonfluxNativeException on any failure; nothing was written then
   */
  public TranslateResult run() throws KonfluxNativeException {
    Instant releaseTime = releaseTime();
    List<Planned> plan = new ArrayList<>();
    try {
      for (Snapshot.Component component : request.components()) {
        plan.add(resolveAndVerify(component));
      }
      String fingerprint = fingerprint(plan);
      Path output = config.outputDirectory();
      if (config.dryRun()) {
        return new TranslateResult(output, record(releaseTime, fingerprint, plan, List.of()), false, true);
      }
      ReleaseRecord existing = existingRecordIfSame(output, fingerprint);
      if (existing != null) {
        LOG.info("{} already holds this release ({}); nothing to do", output, fingerprint);
        for (Planned p : plan) {
          events.emit(new ReleaseEvent.ComponentFinished(p.component().component(), p.component().artifacts().size()));
        }
        // Decisions are this run's (verification ran again); files are what the output holds.
        ReleaseRecord current = record(existing.releaseTime(), fingerprint, plan, existing.files());
        return new TranslateResult(output, current, true, false);
      }
      return translateAndCommit(plan, releaseTime, fingerprint);
    } finally {
      for (Planned p : plan) {
        p.source().close();
      }
    }
  }

  private Planned resolveAndVerify(Snapshot.Component component) throws KonfluxNativeException {
    events.emit(new ReleaseEvent.ComponentStarted(component.name(), component.containerImage().toString()));
    ArtifactSource source = openSource(component);
    try {
      ResolvedComponent resolved = ComponentResolver.resolve(component, source);
      // The gate runs before any target sees the artifact: fail closed.
      List<VerificationDecision> decisions = gate.verify(resolved,
          new ProgressReportingBlobReader(source, component.name(), events), config.verificationPolicy());
      Map<ComponentArtifact, EcosystemTarget> targets = new LinkedHashMap<>();
      for (ComponentArtifact artifact : resolved.artifacts()) {
        targets.put(artifact, targetFor(artifact));
      }
      return new Planned(resolved, source, targets, decisions);
    } catch (KonfluxNativeException | RuntimeException e) {
      events.emit(new ReleaseEvent.ComponentFailed(component.name(), String.valueOf(e.getMessage())));
      source.close();
      throw e;
    }
  }

  private ArtifactSource openSource(Snapshot.Component component) throws KonfluxNativeException {
    String scheme = component.containerImage().scheme();
    ArtifactSourceProvider provider = config.sourceProviders().stream()
        .filter(p -> p.scheme().equals(scheme))
        .max(Comparator.comparingInt(ArtifactSourceProvider::priority))
        .orElseThrow(() -> new SourceUnavailableException("no source provider for " + scheme
            + " references (component " + component.name() + "); is its module on the class path?"));
    try {
      return provider.open(component.containerImage(), config.sourceOptions());
    } catch (KonfluxNativeException e) {
      events.emit(new ReleaseEvent.ComponentFailed(component.name(), String.valueOf(e.getMessage())));
      throw e;
    }
  }

  private EcosystemTarget targetFor(ComponentArtifact artifact) throws InvalidInputException {
    for (EcosystemTarget t : config.targets()) {
      if (t.supports(artifact)) {
        return t;
      }
    }
    List<String> installed = config.targets().stream().map(EcosystemTarget::ecosystem).sorted().toList();
    throw new InvalidInputException("no target for artifactType " + artifact.artifactType() + " of "
        + artifact.describe() + "; installed targets: " + (installed.isEmpty() ? "none" : String.join(", ", installed)));
  }

  private TranslateResult translateAndCommit(List<Planned> plan, Instant releaseTime, String fingerprint)
      throws KonfluxNativeException {
    Path output = config.outputDirectory();
    try (StagingArea staging = StagingArea.create(output)) {
      Map<String, TargetContextImpl> contexts = new TreeMap<>();
      Map<String, TargetSession> sessions = new TreeMap<>();
      for (Planned p : plan) {
        String name = p.component().component();
        try {
          BlobReader blobs = new ProgressReportingBlobReader(p.source(), name, events);
          for (Map.Entry<ComponentArtifact, EcosystemTarget> e : p.targets().entrySet()) {
            EcosystemTarget target = e.getValue();
            TargetSession session = sessions.get(target.ecosystem());
            if (session == null) {
              TargetContextImpl ctx = new TargetContextImpl(target.ecosystem(), staging.ecosystemDirectory(target.ecosystem()),
                  output.resolve(target.ecosystem()), config, releaseTime, events);
              contexts.put(target.ecosystem(), ctx);
              session = target.open(ctx);
              sessions.put(target.ecosystem(), session);
            }
            session.add(e.getKey(), blobs);
          }
          events.emit(new ReleaseEvent.ComponentFinished(name, p.component().artifacts().size()));
        } catch (KonfluxNativeException | RuntimeException e) {
          events.emit(new ReleaseEvent.ComponentFailed(name, String.valueOf(e.getMessage())));
          throw e;
        }
      }
      List<ReleaseRecord.FileEntry> files = new ArrayList<>();
      for (Map.Entry<String, TargetSession> s : sessions.entrySet()) {
        s.getValue().finish();
        files.addAll(java.util.Objects.requireNonNull(contexts.get(s.getKey())).recordedFiles());
      }
      files.sort(Comparator.comparing(ReleaseRecord.FileEntry::path));
      ReleaseRecord record = record(releaseTime, fingerprint, plan, files);
      staging.commit(sessions.keySet(), ReleaseRecordJson.write(record));
      events.emit(new ReleaseEvent.ReleaseCommitted(List.copyOf(sessions.keySet()), files.size()));
      return new TranslateResult(output, record, false, false);
    }
  }

  private ReleaseRecord record(Instant time, String fingerprint, List<Planned> plan, List<ReleaseRecord.FileEntry> files) {
    List<ReleaseRecord.ComponentEntry> comps = new ArrayList<>();
    for (Planned p : plan) {
      List<ReleaseRecord.ArtifactEntry> arts = new ArrayList<>();
      for (Map.Entry<ComponentArtifact, EcosystemTarget> e : p.targets().entrySet()) {
        arts.add(new ReleaseRecord.ArtifactEntry(e.getKey().manifest().digest(), e.getKey().artifactType(),
            e.getValue().ecosystem()));
      }
      comps.add(new ReleaseRecord.ComponentEntry(p.component().component(), p.component().reference().toString(),
          p.component().root().digest(), arts));
    }
    List<VerificationDecision> decisions = plan.stream().flatMap(p -> p.decisions().stream()).toList();
    return new ReleaseRecord(ReleaseRecord.SCHEMA_VERSION, request.application(), time, fingerprint, comps,
        config.verificationPolicy().insecureSkipVerify(), decisions, files);
  }

  /**
   * Everything that determines the output, except the release time when it was not fixed: the
   * same resolved inputs with the same options and key give the same fingerprint.
   */
  private String fingerprint(List<Planned> plan) {
    StringBuilder sb = new StringBuilder("konflux-native release v1\n");
    sb.append("application=").append(request.application()).append('\n');
    for (Planned p : plan) {
      sb.append("component=").append(p.component().component()).append(' ')
          .append(p.component().reference()).append(' ').append(p.component().root().digest()).append('\n');
      for (Map.Entry<ComponentArtifact, EcosystemTarget> e : p.targets().entrySet()) {
        sb.append(" artifact=").append(e.getKey().manifest().digest()).append(" -> ").append(e.getValue().ecosystem());
        e.getKey().referrers().stream().map(r -> r.manifest().digest().toString()).sorted()
            .forEach(d -> sb.append(" ref=").append(d));
        sb.append('\n');
      }
    }
    config.options().forEach((k, v) -> sb.append("option=").append(k).append('=').append(v).append('\n'));
    VerificationPolicy policy = config.verificationPolicy();
    sb.append("verify=").append(policy.insecureSkipVerify() ? "skip" : "on")
        .append(" keys=").append(policy.publicKeys().stream().map(CosignPublicKey::fingerprint).sorted().toList())
        .append(" identities=").append(policy.identities()).append(" predicates=").append(policy.requiredPredicateTypes())
        .append(" sbom=").append(policy.requireSbom()).append(" ref=").append(policy.dockerReference())
        .append(" overrides=").append(policy.perArtifactType().keySet()).append('\n');
    sb.append("key=").append(config.signingKey().map(k -> k.fingerprint()).orElse("-")).append('\n');
    sb.append("time=").append(config.releaseTime().map(Instant::toString).orElse("-")).append('\n');
    return "sha256:" + HexFormat.of().formatHex(
        Digest.newMessageDigest(Digest.SHA256).digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Returns the committed record if it has this fingerprint and all its files are still there with
   * the recorded content. Content, not just size: "unchanged" promises the output holds exactly
   * this release, and an edited or replaced file of the same size must be rewritten. Symbolic
   * links and paths outside the output never count as the recorded file.
   */
  private @Nullable ReleaseRecord existingRecordIfSame(Path output, String fingerprint) {
    Path root = output.toAbsolutePath().normalize();
    Path json = root.resolve(StagingArea.RELEASE_JSON);
    if (!Files.isRegularFile(json, LinkOption.NOFOLLOW_LINKS)) {
      return null;
    }
    try {
      ReleaseRecord existing = ReleaseRecordJson.read(Files.readAllBytes(json));
      if (!existing.inputFingerprint().equals(fingerprint)) {
        return null;
      }
      for (ReleaseRecord.FileEntry f : existing.files()) {
        Path p = root.resolve(f.path()).normalize();
        if (!p.startsWith(root) || p.equals(root) || !isPlainFileBelow(root, p)
            || Files.size(p) != f.size() || !TargetContextImpl.sha256(p).equals(f.sha256())) {
          LOG.info("{} differs from its release record; translating again", p);
          return null;
        }
      }
      return existing;
    } catch (IOException | KonfluxNativeException e) {
      LOG.warn("ignoring unreadable {}: {}", json, e.getMessage());
      return null;
    }
  }

  /** Whether the file and every directory between it and the root are real, not symbolic links. */
  private static boolean isPlainFileBelow(Path root, Path file) {
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    for (Path d = file.getParent(); d != null && !d.equals(root); d = d.getParent()) {
      if (Files.isSymbolicLink(d)) {
        return false;
      }
    }
    return true;
  }

  private Instant releaseTime() throws InvalidInputException {
    if (config.releaseTime().isPresent()) {
      return config.releaseTime().get().truncatedTo(ChronoUnit.SECONDS);
    }
    String epoch = System.getenv("SOURCE_DATE_EPOCH");
    if (epoch != null && !epoch.isBlank()) {
      try {
        return Instant.ofEpochSecond(Long.parseLong(epoch.trim()));
      } catch (NumberFormatException e) {
        throw new InvalidInputException("SOURCE_DATE_EPOCH is not a number of seconds: " + epoch);
      }
    }
    return Instant.now().truncatedTo(ChronoUnit.SECONDS);
  }
}
