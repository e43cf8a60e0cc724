package dev.konflux.ecosystem.internal.release;

import dev.konflux.ecosystem.api.ComponentArtifact;
import dev.konflux.ecosystem.api.CosignPublicKey;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.api.OutputException;
import dev.konflux.ecosystem.api.Referrer;
import dev.konflux.ecosystem.api.ReleaseEvent;
import dev.konflux.ecosystem.api.ReleasePlan;
import dev.konflux.ecosystem.api.ReleaseRecord;
import dev.konflux.ecosystem.api.ResolvedComponent;
import dev.konflux.ecosystem.api.Snapshot;
import dev.konflux.ecosystem.api.SourceUnavailableException;
import dev.konflux.ecosystem.api.TargetReport;
import dev.konflux.ecosystem.api.TranslateRequest;
import dev.konflux.ecosystem.api.TranslateResult;
import dev.konflux.ecosystem.api.Translator;
import dev.konflux.ecosystem.api.VerificationDecision;
import dev.konflux.ecosystem.api.VerificationPolicy;
import dev.konflux.ecosystem.api.VerifiedArtifact;
import dev.konflux.ecosystem.internal.sbom.SbomFinder;
import dev.konflux.ecosystem.internal.verify.ReleaseGate;
import dev.konflux.ecosystem.spi.ArtifactSource;
import dev.konflux.ecosystem.spi.ArtifactSourceProvider;
import dev.konflux.ecosystem.spi.BlobReader;
import dev.konflux.ecosystem.spi.EcosystemTarget;
import dev.konflux.ecosystem.spi.PlannedFile;
import dev.konflux.ecosystem.spi.ProducedFile;
import dev.konflux.ecosystem.spi.TargetSession;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
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

  /** Made on first use: a no-op rerun decided before verification never loads the verifiers. */
  private @Nullable ReleaseGate gate;

  /**
   * @param config the translator settings
   * @param request what to release
   */
  public ReleaseRun(Translator config, TranslateRequest request) {
    this.config = config;
    this.request = request;
    this.events = new Events(config.listener());
  }

  private ReleaseGate gate() {
    ReleaseGate g = gate;
    if (g == null) {
      g = new ReleaseGate(config.classLoader());
      gate = g;
    }
    return g;
  }

  /** A component resolved, verified and matched to targets, with its open source. */
  record Planned(
      ResolvedComponent component,
      ArtifactSource source,
      Map<ComponentArtifact, EcosystemTarget> targets,
      List<VerificationDecision> decisions,
      List<VerifiedArtifact> artifacts) {}

  /** One target's session in a release or a kept plan. */
  static final class Session {
    final EcosystemTarget target;
    final TargetSession session;

    /** A kept plan's files, by path. */
    final Map<String, PlannedFile> planned = new TreeMap<>();

    /** A release's planned paths, with the component of each (not the files: 50,000 of them). */
    private final Map<String, String> plannedPaths = new HashMap<>();

    /** What a release wrote, kept on disk. */
    private SpilledList.@Nullable Writer<ProducedFile> written;

    /** The ecosystem's committed output, if the output has one. */
    @Nullable CommittedOutputImpl committed;

    Session(EcosystemTarget target, TargetSession session) {
      this.target = target;
      this.session = session;
    }

    /** Remembers a planned file; two artifacts planning one path is an error naming both. */
    void planned(PlannedFile file) throws InvalidInputException {
      PlannedFile before = planned.putIfAbsent(file.path(), file);
      if (before != null) {
        throw new InvalidInputException(
            "target "
                + target.ecosystem()
                + " planned "
                + file.path()
                + " twice: for "
                + before.component()
                + " "
                + before.origins()
                + " and for "
                + file.component()
                + " "
                + file.origins());
      }
    }

    /** Like {@link #planned} for a release, which keeps only the paths. */
    void plannedForRelease(PlannedFile file) throws InvalidInputException {
      String before = plannedPaths.putIfAbsent(file.path(), file.component());
      if (before != null) {
        throw new InvalidInputException(
            "target "
                + target.ecosystem()
                + " planned "
                + file.path()
                + " twice: for "
                + before
                + " and for "
                + file.component()
                + " "
                + file.origins());
      }
    }

    void written(ProducedFile file) throws OutputException {
      try {
        SpilledList.Writer<ProducedFile> w = written;
        if (w == null) {
          w = SpilledList.writer(FileCodecs.PRODUCED_FILE, null);
          written = w;
        }
        w.add(file);
      } catch (IOException e) {
        throw new OutputException("cannot keep the list of written files: " + e.getMessage(), e);
      }
    }

    /** Every file the release wrote (the writer is done). */
    List<ProducedFile> writtenFiles() throws OutputException {
      SpilledList.Writer<ProducedFile> w = written;
      if (w == null) {
        return List.of();
      }
      try {
        return w.finish();
      } catch (IOException e) {
        throw new OutputException("cannot keep the list of written files: " + e.getMessage(), e);
      }
    }

    void abandon() {
      SpilledList.Writer<ProducedFile> w = written;
      if (w != null) {
        try {
          w.close();
        } catch (IOException e) {
          LOG.debug("cannot delete the list of written files: {}", e.toString());
        }
      }
    }
  }

  /**
   * @return the result
   * @throws KonfluxNativeException on any failure; nothing was written then
   */
  public TranslateResult run() throws KonfluxNativeException {
    Instant releaseTime = releaseTime();
    checkOutputDirectory(config.outputDirectory());
    checkOptions();
    List<Resolved> resolved = new ArrayList<>();
    List<Planned> plan = new ArrayList<>();
    boolean pinned = !config.dryRun() && evidenceIsPinned(config.verificationPolicy());
    // A rerun's no-op check, started now: it needs nothing from the inputs resolved next.
    OutputStamps.Ahead stamps = pinned ? OutputStamps.Ahead.start(config.outputDirectory()) : null;
    try {
      for (Snapshot.Component component : request.components()) {
        resolved.add(resolve(component));
      }
      String fingerprint = fingerprint(resolved);
      Path output = config.outputDirectory();
      boolean checked = false;
      if (pinned) {
        // Before verification: the fingerprint binds every resolved digest (roots, artifacts,
        // every referrer manifest, which binds the signature and attestation bytes by digest),
        // the whole verification policy (keys, identities, trusted root content, requirements,
        // overrides), the installed verifiers and every option. An output committed under this
        // fingerprint was verified on exactly this evidence under exactly this policy, and a no-op
        // publishes nothing; anything else, even a new referrer, is another fingerprint and goes
        // through full verification below.
        checked = true;
        ReleaseRecord existing = existingRecordIfSame(output, fingerprint, stamps);
        if (stamps != null) {
          stamps.stop();
        }
        if (existing != null) {
          LOG.info(
              "{} already holds this release ({}); nothing to do, the committed verification"
                  + " decisions stand",
              output,
              fingerprint);
          for (Resolved r : resolved) {
            events.emit(
                new ReleaseEvent.ComponentFinished(
                    r.component().component(), r.component().artifacts().size()));
          }
          return new TranslateResult(output, existing, true, false);
        }
      }
      for (Resolved r : resolved) {
        plan.add(verify(r));
      }
      if (config.dryRun()) {
        return new TranslateResult(
            output, record(releaseTime, fingerprint, plan, List.of(), List.of()), false, true);
      }
      ReleaseRecord existing = checked ? null : existingRecordIfSame(output, fingerprint, null);
      if (existing != null) {
        LOG.info("{} already holds this release ({}); nothing to do", output, fingerprint);
        for (Planned p : plan) {
          events.emit(
              new ReleaseEvent.ComponentFinished(
                  p.component().component(), p.component().artifacts().size()));
        }
        // Decisions are this run's (verification ran again); files are what the output holds.
        ReleaseRecord current =
            record(existing.releaseTime(), fingerprint, plan, existing.files(), existing.reports());
        return new TranslateResult(output, current, true, false);
      }
      return translateAndCommit(plan, releaseTime, fingerprint);
    } finally {
      if (stamps != null) {
        stamps.stop();
      }
      for (Resolved r : resolved) {
        r.source().close();
      }
    }
  }

  /**
   * Whether everything verification depends on is fixed by the release fingerprint, so that a
   * committed record with the same fingerprint may be taken as verified: not when keyless bundles
   * would be checked against a trusted root fetched through TUF (it changes over time).
   */
  static boolean evidenceIsPinned(VerificationPolicy policy) {
    if (policy.insecureSkipVerify()) {
      return true;
    }
    if (!policy.identities().isEmpty() && policy.trustedRoot() == null) {
      return false;
    }
    return policy.perArtifactType().values().stream().allMatch(ReleaseRun::evidenceIsPinned);
  }

  /**
   * Resolves, verifies and plans without writing: the plan keeps the sources open.
   *
   * @return the plan
   * @throws KonfluxNativeException on any failure; nothing is kept open then
   */
  public ReleasePlan plan() throws KonfluxNativeException {
    Instant releaseTime = releaseTime();
    List<Planned> plan = new ArrayList<>();
    Path work = null;
    boolean done = false;
    try {
      for (Snapshot.Component component : request.components()) {
        plan.add(resolveAndVerify(component));
      }
      String fingerprint =
          fingerprint(
              plan.stream()
                  .map(
                      p ->
                          new Resolved(
                              p.component().reference().toString(),
                              p.component(),
                              p.source(),
                              p.targets()))
                  .toList());
      work = Files.createTempDirectory("konflux-native-plan-");
      ReleaseRecord committedRecord = committedRecord(config.outputDirectory());
      Map<String, Session> sessions = new TreeMap<>();
      List<ReleasePlanImpl.Item> items = new ArrayList<>();
      for (Planned p : plan) {
        BlobReader blobs =
            new ProgressReportingBlobReader(p.source(), p.component().component(), events);
        for (VerifiedArtifact va : p.artifacts()) {
          EcosystemTarget target = java.util.Objects.requireNonNull(p.targets().get(va.artifact()));
          Session s =
              session(
                  sessions,
                  target,
                  work.resolve(target.ecosystem()),
                  false,
                  committedRecord,
                  Map.of(),
                  releaseTime);
          for (PlannedFile f : s.session.plan(va, blobs)) {
            s.planned(f);
            items.add(
                new ReleasePlanImpl.Item(new ReleasePlan.Entry(target.ecosystem(), f), blobs, s));
          }
        }
        events.emit(
            new ReleaseEvent.ComponentFinished(
                p.component().component(), p.component().artifacts().size()));
      }
      ReleasePlanImpl result =
          new ReleasePlanImpl(releaseTime, fingerprint, plan, items, sessions, work);
      done = true;
      return result;
    } catch (IOException e) {
      throw new OutputException(
          "cannot create a work directory for the plan: " + e.getMessage(), e);
    } finally {
      if (!done) {
        for (Planned p : plan) {
          p.source().close();
        }
        if (work != null) {
          StagingArea.deleteTree(work);
        }
      }
    }
  }

  private Session session(
      Map<String, Session> sessions,
      EcosystemTarget target,
      Path work,
      boolean writesEveryFile,
      @Nullable ReleaseRecord committedRecord,
      Map<String, CommittedListing> listings,
      Instant releaseTime)
      throws KonfluxNativeException {
    Session s = sessions.get(target.ecosystem());
    if (s == null) {
      try {
        Files.createDirectories(work);
      } catch (IOException e) {
        throw new OutputException(
            "cannot create work directory " + work + ": " + e.getMessage(), e);
      }
      CommittedOutputImpl committed =
          CommittedOutputImpl.of(
              config.outputDirectory(),
              target.ecosystem(),
              committedRecord,
              listings.get(target.ecosystem()));
      TargetContextImpl ctx =
          new TargetContextImpl(work, writesEveryFile, committed, config, releaseTime, events);
      s = new Session(target, target.open(ctx));
      s.committed = committed;
      sessions.put(target.ecosystem(), s);
    }
    return s;
  }

  /** A component resolved and matched to targets, with its open source; not yet verified. */
  record Resolved(
      String requested,
      ResolvedComponent component,
      ArtifactSource source,
      Map<ComponentArtifact, EcosystemTarget> targets) {}

  private Planned resolveAndVerify(Snapshot.Component component) throws KonfluxNativeException {
    Resolved r = resolve(component);
    try {
      return verify(r);
    } catch (KonfluxNativeException | RuntimeException e) {
      r.source().close();
      throw e;
    }
  }

  /**
   * Resolves a component and picks the target of each artifact; on failure the source is closed.
   */
  private Resolved resolve(Snapshot.Component component) throws KonfluxNativeException {
    events.emit(
        new ReleaseEvent.ComponentStarted(component.name(), component.containerImage().toString()));
    ArtifactSource source = openSource(component);
    String operation = KonfluxNativeException.OPERATION_RESOLVE;
    Digest root = null;
    try {
      ResolvedComponent resolved = ComponentResolver.resolve(component, source);
      root = resolved.root().digest();
      operation = KonfluxNativeException.OPERATION_TRANSLATE;
      Map<ComponentArtifact, EcosystemTarget> targets = new LinkedHashMap<>();
      for (ComponentArtifact artifact : resolved.artifacts()) {
        targets.put(artifact, targetFor(artifact));
      }
      return new Resolved(component.containerImage().toString(), resolved, source, targets);
    } catch (KonfluxNativeException e) {
      about(e, component.name(), component.containerImage().toString(), root, operation);
      events.emit(
          new ReleaseEvent.ComponentFailed(component.name(), String.valueOf(e.getMessage())));
      source.close();
      throw e;
    } catch (RuntimeException e) {
      events.emit(
          new ReleaseEvent.ComponentFailed(component.name(), String.valueOf(e.getMessage())));
      source.close();
      throw e;
    }
  }

  /**
   * Runs the verification gate on a resolved component; fails closed. The source stays open (the
   * caller closes it).
   */
  private Planned verify(Resolved r) throws KonfluxNativeException {
    ResolvedComponent resolved = r.component();
    String name = resolved.component();
    try {
      // The gate runs before any target sees the artifact: fail closed.
      ReleaseGate.Result verdict =
          gate()
              .check(
                  resolved,
                  new ProgressReportingBlobReader(r.source(), name, events),
                  config.verificationPolicy());
      List<VerifiedArtifact> verified = new ArrayList<>();
      Set<Digest> verifiedReferrers = new HashSet<>();
      verdict.evidence().forEach(e -> verifiedReferrers.add(e.referrerManifest()));
      for (ComponentArtifact artifact : resolved.artifacts()) {
        // Unverified: the artifact's own referrers (the gate verifies the root's), unless they are
        // the root's and passed.
        List<Referrer> unverified =
            artifact.referrers().stream()
                .filter(ref -> !verifiedReferrers.contains(ref.manifest().digest()))
                .toList();
        verified.add(
            new VerifiedArtifact(
                artifact,
                verdict.decisions(),
                verdict.evidence(),
                unverified,
                SbomFinder.find(artifact, verdict.evidence())));
      }
      return new Planned(resolved, r.source(), r.targets(), verdict.decisions(), verified);
    } catch (KonfluxNativeException e) {
      about(
          e,
          name,
          r.requested(),
          resolved.root().digest(),
          KonfluxNativeException.OPERATION_VERIFY);
      events.emit(new ReleaseEvent.ComponentFailed(name, String.valueOf(e.getMessage())));
      throw e;
    } catch (RuntimeException e) {
      events.emit(new ReleaseEvent.ComponentFailed(name, String.valueOf(e.getMessage())));
      throw e;
    }
  }

  /**
   * Adds what the orchestration knows to an exception from below (never replacing what it says).
   */
  private static void about(
      KonfluxNativeException e,
      String component,
      String reference,
      @Nullable Digest digest,
      String operation) {
    e.withComponent(component).withReference(reference).withDigest(digest).withOperation(operation);
  }

  /**
   * An output path that exists but is no directory fails before anything is resolved, verified or
   * signed (otherwise the release would do all its work and fail at commit).
   */
  private static void checkOutputDirectory(Path output) throws OutputException {
    if (Files.exists(output, LinkOption.NOFOLLOW_LINKS)
        && !Files.isDirectory(output, LinkOption.NOFOLLOW_LINKS)) {
      OutputException e =
          new OutputException("output directory " + output + " exists and is not a directory");
      e.withReference(output.toString()).withOperation(KonfluxNativeException.OPERATION_READ_INPUT);
      throw e;
    }
  }

  /**
   * Every option must be one a target declares: a misspelt key would otherwise be ignored and the
   * release would silently use the default.
   */
  private void checkOptions() throws InvalidInputException {
    Set<String> known = new TreeSet<>();
    config.targets().forEach(t -> known.addAll(t.optionKeys()));
    for (String key : config.options().keySet()) {
      if (!known.contains(key)) {
        InvalidInputException e =
            new InvalidInputException(
                "unknown option "
                    + key
                    + "; known options: "
                    + (known.isEmpty() ? "none" : String.join(", ", known)));
        e.withReference(key).withOperation(KonfluxNativeException.OPERATION_READ_INPUT);
        throw e;
      }
    }
  }

  private ArtifactSource openSource(Snapshot.Component component) throws KonfluxNativeException {
    String scheme = component.containerImage().scheme();
    ArtifactSourceProvider provider =
        config.sourceProviders().stream()
            .filter(p -> p.scheme().equals(scheme))
            .max(Comparator.comparingInt(ArtifactSourceProvider::priority))
            .orElseThrow(
                () ->
                    (SourceUnavailableException)
                        new SourceUnavailableException(
                                "no source provider for "
                                    + scheme
                                    + " references (component "
                                    + component.name()
                                    + "); is its module on the class path?")
                            .withComponent(component.name())
                            .withReference(component.containerImage().toString())
                            .withOperation(KonfluxNativeException.OPERATION_RESOLVE));
    try {
      return provider.open(component.containerImage(), config.sourceOptions());
    } catch (KonfluxNativeException e) {
      about(
          e,
          component.name(),
          component.containerImage().toString(),
          null,
          KonfluxNativeException.OPERATION_RESOLVE);
      events.emit(
          new ReleaseEvent.ComponentFailed(component.name(), String.valueOf(e.getMessage())));
      throw e;
    }
  }

  /**
   * The target with the highest priority among those supporting the artifact; two at that priority
   * are an error naming both, as is none.
   */
  private EcosystemTarget targetFor(ComponentArtifact artifact) throws InvalidInputException {
    List<EcosystemTarget> supporting =
        config.targets().stream().filter(t -> t.supports(artifact)).toList();
    if (supporting.isEmpty()) {
      List<String> installed =
          config.targets().stream().map(EcosystemTarget::ecosystem).sorted().toList();
      throw new InvalidInputException(
          "no target for artifactType "
              + artifact.artifactType()
              + " of "
              + artifact.describe()
              + "; installed targets: "
              + (installed.isEmpty() ? "none" : String.join(", ", installed)));
    }
    int best = supporting.stream().mapToInt(EcosystemTarget::priority).max().orElseThrow();
    List<EcosystemTarget> top = supporting.stream().filter(t -> t.priority() == best).toList();
    if (top.size() > 1) {
      throw new InvalidInputException(
          "targets "
              + top.stream()
                  .map(t -> t.ecosystem() + " (" + t.getClass().getName() + ")")
                  .collect(Collectors.joining(" and "))
              + " both claim artifactType "
              + artifact.artifactType()
              + " of "
              + artifact.describe()
              + " at priority "
              + best
              + "; give one a higher priority or remove one");
    }
    return top.get(0);
  }

  private TranslateResult translateAndCommit(
      List<Planned> plan, Instant releaseTime, String fingerprint) throws KonfluxNativeException {
    Path output = config.outputDirectory();
    Committed c;
    try (StagingArea staging = StagingArea.create(output)) {
      c = translateAndCommit(staging, plan, releaseTime, fingerprint);
    }
    // After the staging area (holding the previous output's links) is gone: removing those links
    // changes the kept files' ctime. Files an in-place commit did not touch keep their stamps.
    OutputStamps.write(output, c.json(), c.result().record().files(), c.untouched());
    return c.result();
  }

  /**
   * @param untouched the stamps that may be copied from the previous ones: the files an in-place
   *     commit left where they were, with the previous {@code release.json}'s digest
   */
  private record Committed(
      TranslateResult result, Digest json, OutputStamps.@Nullable Untouched untouched) {}

  /**
   * Sessions in the order of their files in the record: by {@code <ecosystem>/}, so that the
   * record's paths, each ecosystem's sorted on its own, are sorted as a whole.
   */
  private static final Comparator<String> ECOSYSTEM_ORDER = Comparator.comparing(e -> e + "/");

  private Committed translateAndCommit(
      StagingArea staging, List<Planned> plan, Instant releaseTime, String fingerprint)
      throws KonfluxNativeException {
    Path output = config.outputDirectory();
    // The committed directories of the ecosystems this release writes are listed beside the
    // reading of the committed record (each a few tenths of a second with 50,000 files).
    Map<String, CommittedListing> listings = new HashMap<>();
    for (Planned p : plan) {
      for (EcosystemTarget t : p.targets().values()) {
        if (!listings.containsKey(t.ecosystem())) {
          CommittedListing l = CommittedOutputImpl.startListing(output, t.ecosystem());
          if (l != null) {
            listings.put(t.ecosystem(), l);
          }
        }
      }
    }
    Map<String, Session> sessions = new TreeMap<>(ECOSYSTEM_ORDER);
    List<StagingArea.InPlace> inPlace = new ArrayList<>();
    Set<String> touched = new HashSet<>();
    try {
      java.security.MessageDigest previousJson = Digest.newMessageDigest(Digest.SHA256);
      ReleaseRecord committedRecord = readCommitted(output, previousJson);
      for (Planned p : plan) {
        String name = p.component().component();
        try {
          BlobReader blobs = new ProgressReportingBlobReader(p.source(), name, events);
          for (VerifiedArtifact va : p.artifacts()) {
            EcosystemTarget target =
                java.util.Objects.requireNonNull(p.targets().get(va.artifact()));
            String eco = target.ecosystem();
            Session s =
                session(
                    sessions,
                    target,
                    staging.root().resolve(".work-" + eco),
                    true,
                    committedRecord,
                    listings,
                    releaseTime);
            Path ecoDir = staging.ecosystemDirectory(eco);
            // plan -> write every planned file: the batch release is the file-at-a-time loop.
            for (PlannedFile f : s.session.plan(va, blobs)) {
              s.plannedForRelease(f);
              Path destination = DirectoryIndexOutput.resolveSafely(ecoDir, f.path());
              createParent(destination);
              ProducedFile written = s.session.write(f, blobs, destination);
              if (!written.path().equals(f.path())) {
                throw new IllegalStateException(
                    "target " + eco + " planned " + f.path() + " but reported " + written.path());
              }
              s.written(written);
              events.emit(
                  new ReleaseEvent.FileProduced(
                      f.component(), eco, eco + "/" + f.path(), written.size()));
            }
          }
          events.emit(new ReleaseEvent.ComponentFinished(name, p.component().artifacts().size()));
        } catch (KonfluxNativeException e) {
          about(
              e,
              name,
              p.component().reference().toString(),
              p.component().root().digest(),
              KonfluxNativeException.OPERATION_TRANSLATE);
          events.emit(new ReleaseEvent.ComponentFailed(name, String.valueOf(e.getMessage())));
          throw e;
        } catch (RuntimeException e) {
          events.emit(new ReleaseEvent.ComponentFailed(name, String.valueOf(e.getMessage())));
          throw e;
        }
      }
      SpilledList<ReleaseRecord.FileEntry> files;
      List<TargetReport> reports = new ArrayList<>();
      try (SpilledList.Writer<ReleaseRecord.FileEntry> recorded =
          SpilledList.writer(FileCodecs.FILE_ENTRY, ReleaseRecord.FileEntry::path)) {
        for (Map.Entry<String, Session> e : sessions.entrySet()) {
          String eco = e.getKey();
          Session s = e.getValue();
          Path ecoDir = staging.ecosystemDirectory(eco);
          List<ProducedFile> written = s.writtenFiles();
          CommittedOutputImpl committed = s.committed;
          // An update of a committed ecosystem keeps carried-over files where they are and
          // publishes only what it writes; a new one is staged whole and moved in.
          DirectoryIndexOutput out =
              committed == null
                  ? new DirectoryIndexOutput(ecoDir)
                  : DirectoryIndexOutput.inPlace(
                      ecoDir, committed.directory(), s.plannedPaths.keySet());
          List<ProducedFile> index;
          try {
            index = s.session.writeIndex(written, out);
          } catch (KonfluxNativeException ex) {
            ex.withOperation(KonfluxNativeException.OPERATION_TRANSLATE);
            throw ex;
          }
          // What an update publishes into the committed output: the files this release wrote,
          // then the index files it did not carry over, in writeIndex's order.
          List<String> publish = new ArrayList<>();
          if (committed != null) {
            written.forEach(f -> publish.add(f.path()));
          }
          for (ProducedFile f : index) {
            if (committed == null || !committed.isKept(f.path())) {
              events.emit(new ReleaseEvent.FileProduced(null, eco, eco + "/" + f.path(), f.size()));
              publish.add(f.path());
            }
          }
          // Checks that every published file is in staging, and only those.
          recordedFiles(
              eco,
              ecoDir,
              new Concatenated(written, index),
              recorded,
              committed == null ? p -> false : committed::isKept);
          if (committed != null) {
            inPlace.add(
                new StagingArea.InPlace(eco, publish, committed.removals(new HashSet<>(publish))));
            publish.forEach(f -> touched.add(eco + "/" + f));
          }
          reports.addAll(s.session.reports());
          StagingArea.deleteTree(staging.root().resolve(".work-" + eco));
        }
        files = recorded.finish();
      } catch (IOException e) {
        throw new OutputException("cannot keep the release record: " + e.getMessage(), e);
      }
      ReleaseRecord record = record(releaseTime, fingerprint, plan, files, reports);
      Digest json;
      OutputStamps.Untouched untouched = null;
      try {
        json = staging.writeRecord(record);
        if (inPlace.isEmpty()) {
          staging.commit(sessions.keySet());
        } else {
          Set<String> inPlaceEcosystems = new HashSet<>();
          inPlace.forEach(e -> inPlaceEcosystems.add(e.ecosystem()));
          List<String> moved =
              sessions.keySet().stream().filter(e -> !inPlaceEcosystems.contains(e)).toList();
          staging.commitInPlace(inPlace, moved);
          if (committedRecord != null) {
            untouched =
                new OutputStamps.Untouched(
                    Digest.sha256(previousJson.digest()),
                    path -> {
                      int slash = path.indexOf('/');
                      return slash > 0
                          && inPlaceEcosystems.contains(path.substring(0, slash))
                          && !touched.contains(path);
                    });
          }
        }
      } catch (KonfluxNativeException e) {
        e.withReference(output.toString()).withOperation(KonfluxNativeException.OPERATION_COMMIT);
        throw e;
      }
      events.emit(new ReleaseEvent.ReleaseCommitted(List.copyOf(sessions.keySet()), files.size()));
      return new Committed(new TranslateResult(output, record, false, false), json, untouched);
    } finally {
      listings.values().forEach(CommittedListing::stop);
      sessions.values().forEach(Session::abandon);
    }
  }

  /** Two lists as one, read in order through their own iterators. */
  private static final class Concatenated extends java.util.AbstractList<ProducedFile>
      implements java.util.RandomAccess {
    private final List<ProducedFile> first;
    private final List<ProducedFile> second;

    Concatenated(List<ProducedFile> first, List<ProducedFile> second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public ProducedFile get(int index) {
      int n = first.size();
      return index < n ? first.get(index) : second.get(index - n);
    }

    @Override
    public int size() {
      return first.size() + second.size();
    }

    @Override
    public java.util.Iterator<ProducedFile> iterator() {
      return Stream.concat(first.stream(), second.stream()).iterator();
    }
  }

  private static void createParent(Path destination) throws OutputException {
    try {
      Files.createDirectories(destination.getParent());
    } catch (IOException e) {
      throw new OutputException(
          "cannot create " + destination.getParent() + ": " + e.getMessage(), e);
    }
  }

  /**
   * The records of an ecosystem's files: exactly the files in its staging directory, each reported
   * by the target (written, index or carried over) with the size it has. A file the target left
   * without a report, or reported without writing, is a target bug: fail rather than record a file
   * with no origin. Appended to {@code out} in the order of their paths; only the paths and sizes
   * are held in memory, the reports are read again from {@code reported} in that order. For an
   * update committed in place, a reported file that is not in staging must be one carried over in
   * place ({@code keptInPlace}).
   */
  static void recordedFiles(
      String eco,
      Path dir,
      List<ProducedFile> reported,
      SpilledList.Writer<ReleaseRecord.FileEntry> out,
      java.util.function.Predicate<String> keptInPlace)
      throws OutputException {
    int n = reported.size();
    String[] paths = new String[n];
    long[] sizes = new long[n];
    int i = 0;
    for (ProducedFile f : reported) {
      paths[i] = f.path();
      sizes[i] = f.size();
      i++;
    }
    Integer[] order = new Integer[n];
    for (int k = 0; k < n; k++) {
      order[k] = k;
    }
    java.util.Arrays.sort(order, Comparator.comparing((Integer k) -> paths[k]));
    for (int k = 1; k < n; k++) {
      if (paths[order[k]].equals(paths[order[k - 1]])) {
        throw new IllegalStateException(
            "target " + eco + " reported " + paths[order[k]] + " twice");
      }
    }
    java.util.BitSet seen = new java.util.BitSet(n);
    try {
      Files.walkFileTree(
          dir,
          new java.nio.file.SimpleFileVisitor<>() {
            @Override
            public java.nio.file.FileVisitResult visitFile(
                Path p, java.nio.file.attribute.BasicFileAttributes attrs) {
              if (!attrs.isRegularFile()) {
                return java.nio.file.FileVisitResult.CONTINUE;
              }
              String rel =
                  dir.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
              int lo = 0;
              int hi = n - 1;
              int found = -1;
              while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                int c = paths[order[mid]].compareTo(rel);
                if (c < 0) {
                  lo = mid + 1;
                } else if (c > 0) {
                  hi = mid - 1;
                } else {
                  found = mid;
                  break;
                }
              }
              if (found < 0) {
                throw new IllegalStateException(
                    "target " + eco + " left " + rel + " in staging without reporting it");
              }
              long reportedSize = sizes[order[found]];
              if (reportedSize != attrs.size()) {
                throw new IllegalStateException(
                    "target "
                        + eco
                        + " reported "
                        + rel
                        + " with "
                        + reportedSize
                        + " bytes, it has "
                        + attrs.size());
              }
              seen.set(found);
              return java.nio.file.FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new OutputException("cannot list staged files of " + eco + ": " + e.getMessage(), e);
    }
    // Not in staging: only a file carried over in place (its size is the committed one's).
    for (int missing = seen.nextClearBit(0);
        missing < n;
        missing = seen.nextClearBit(missing + 1)) {
      if (!keptInPlace.test(paths[order[missing]])) {
        throw new IllegalStateException(
            "target " + eco + " reported " + paths[order[missing]] + " but did not write it");
      }
    }
    try {
      for (int k = 0; k < n; k++) {
        ProducedFile f = reported.get(order[k]);
        ProducedFile full = f.under(eco);
        out.add(
            new ReleaseRecord.FileEntry(
                full.path(), eco, f.sha256(), f.size(), f.origins(), full.derivedFrom()));
      }
    } catch (IOException e) {
      throw new OutputException("cannot keep the release record: " + e.getMessage(), e);
    }
  }

  /**
   * The committed release record, or {@code null} when there is none. Its files are read into a
   * {@link SpilledList}, not onto the heap.
   *
   * @throws OutputException if there is one and it cannot be read or is not a release record
   *     (truncated, corrupted): the output is not what a release left, so nothing is committed
   */
  private static @Nullable ReleaseRecord committedRecord(Path output) throws OutputException {
    return readCommitted(output, null);
  }

  private static @Nullable ReleaseRecord readCommitted(
      Path output, java.security.@Nullable MessageDigest digest) throws OutputException {
    Path json = output.toAbsolutePath().normalize().resolve(StagingArea.RELEASE_JSON);
    if (!Files.isRegularFile(json, LinkOption.NOFOLLOW_LINKS)) {
      return null;
    }
    try (InputStream in =
        digest == null
            ? Files.newInputStream(json)
            : new java.security.DigestInputStream(Files.newInputStream(json), digest)) {
      return ReleaseRecordJson.read(in);
    } catch (InvalidInputException e) {
      OutputException oe =
          new OutputException(
              "the committed release record "
                  + json
                  + " cannot be used ("
                  + e.getMessage()
                  + "); nothing was written: restore it, or release into a new output directory",
              e);
      oe.withReference(json.toString()).withOperation(KonfluxNativeException.OPERATION_READ_INPUT);
      throw oe;
    } catch (IOException e) {
      OutputException oe =
          new OutputException(
              "cannot read the committed release record " + json + ": " + e.getMessage(), e);
      oe.withReference(json.toString()).withOperation(KonfluxNativeException.OPERATION_READ_INPUT);
      throw oe;
    }
  }

  private ReleaseRecord record(
      Instant time,
      String fingerprint,
      List<Planned> plan,
      List<ReleaseRecord.FileEntry> files,
      List<TargetReport> reports) {
    List<ReleaseRecord.ComponentEntry> comps = new ArrayList<>();
    for (Planned p : plan) {
      List<ReleaseRecord.ArtifactEntry> arts = new ArrayList<>();
      for (Map.Entry<ComponentArtifact, EcosystemTarget> e : p.targets().entrySet()) {
        arts.add(
            new ReleaseRecord.ArtifactEntry(
                e.getKey().manifest().digest(),
                e.getKey().artifactType(),
                e.getValue().ecosystem()));
      }
      comps.add(
          new ReleaseRecord.ComponentEntry(
              p.component().component(),
              p.component().reference().toString(),
              p.component().root().digest(),
              arts));
    }
    List<VerificationDecision> decisions =
        plan.stream().flatMap(p -> p.decisions().stream()).toList();
    return new ReleaseRecord(
        ReleaseRecord.SCHEMA_VERSION,
        request.application(),
        time,
        fingerprint,
        comps,
        config.verificationPolicy().insecureSkipVerify(),
        decisions,
        files,
        reports);
  }

  /**
   * Everything that determines the output and its verification, except the release time when it was
   * not fixed: the same resolved inputs with the same options, policy and key give the same
   * fingerprint. Since a committed record with the same fingerprint is taken as verified without
   * verifying again (see {@link #run()}), it binds every digest the gate reads (root, artifacts,
   * every referrer manifest with its kind and subject: the manifest digest binds its layers and
   * annotations, so the signatures and attestations themselves), the whole policy ({@link #policy})
   * and which verifiers are installed.
   */
  private String fingerprint(List<Resolved> plan) {
    StringBuilder sb = new StringBuilder("konflux-native release v2\n");
    sb.append("application=").append(request.application()).append('\n');
    for (Resolved p : plan) {
      sb.append("component=")
          .append(p.component().component())
          .append(' ')
          .append(p.component().reference())
          .append(' ')
          .append(p.component().root().digest())
          .append('\n');
      p.component().rootReferrers().stream()
          .map(ReleaseRun::referrer)
          .sorted()
          .forEach(r -> sb.append(" root-ref=").append(r).append('\n'));
      for (Map.Entry<ComponentArtifact, EcosystemTarget> e : p.targets().entrySet()) {
        sb.append(" artifact=")
            .append(e.getKey().manifest().digest())
            .append(" -> ")
            .append(e.getValue().ecosystem());
        e.getKey().referrers().stream()
            .map(ReleaseRun::referrer)
            .sorted()
            .forEach(d -> sb.append(" ref=").append(d));
        sb.append('\n');
      }
    }
    // Sorted: the configured map's iteration order differs from one JVM to the next.
    new java.util.TreeMap<>(config.options())
        .forEach((k, v) -> sb.append("option=").append(k).append('=').append(v).append('\n'));
    VerificationPolicy policy = config.verificationPolicy();
    sb.append("verify=").append(policy(policy)).append('\n');
    new java.util.TreeMap<>(policy.perArtifactType())
        .forEach(
            (t, o) -> sb.append("verify[").append(t).append("]=").append(policy(o)).append('\n'));
    sb.append("verifiers=")
        .append(ReleaseGate.installedVerifiers(config.classLoader()))
        .append('\n');
    sb.append("key=")
        .append(config.openPgpSigner().map(k -> k.fingerprint()).orElse("-"))
        .append('\n');
    sb.append("sigstore=")
        .append(config.sigstoreSigner().map(Object::toString).orElse("-"))
        .append('\n');
    sb.append("time=").append(config.releaseTime().map(Instant::toString).orElse("-")).append('\n');
    return "sha256:"
        + HexFormat.of()
            .formatHex(
                Digest.newMessageDigest(Digest.SHA256)
                    .digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
  }

  private static String referrer(Referrer r) {
    return r.manifest().digest() + ":" + r.kind() + ":" + r.subject();
  }

  /**
   * One policy (without its overrides) as text: every field, the trusted root by the SHA-256 of its
   * content (a path names a file that may be replaced), or {@code unreadable} (then the gate fails
   * on it).
   */
  static String policy(VerificationPolicy policy) {
    String root = "-";
    Path trustedRoot = policy.trustedRoot();
    if (trustedRoot != null) {
      try (InputStream in = Files.newInputStream(trustedRoot)) {
        java.security.MessageDigest md = Digest.newMessageDigest(Digest.SHA256);
        byte[] buf = new byte[8192];
        for (int n; (n = in.read(buf)) > 0; ) {
          md.update(buf, 0, n);
        }
        root = Digest.sha256(md.digest()).toString();
      } catch (IOException e) {
        root = "unreadable";
      }
    }
    return (policy.insecureSkipVerify() ? "skip" : "on")
        + " keys="
        + policy.publicKeys().stream().map(CosignPublicKey::fingerprint).sorted().toList()
        + " identities="
        + policy.identities().stream().map(Object::toString).sorted().toList()
        + " trustedRoot="
        + root
        + " tuf="
        + policy.useTuf()
        + " signature="
        + policy.requireSignature()
        + " predicates="
        + new TreeSet<>(policy.requiredPredicateTypes())
        + " sbom="
        + policy.requireSbom()
        + " ref="
        + policy.dockerReference();
  }

  /**
   * Returns the committed record if it has this fingerprint and all its files are still there with
   * the recorded content. Content, not just size: "unchanged" promises the output holds exactly
   * this release, and an edited or replaced file of the same size must be rewritten. A file whose
   * {@link OutputStamps stamp} (size, mtime, ctime, inode, taken right after the commit) still
   * matches is taken as unchanged without reading it; any other is hashed. Symbolic links and paths
   * outside the output never count as the recorded file.
   *
   * <p>Only the record's head is read when its fingerprint differs (the common case: a new
   * release); otherwise its file entries are streamed once, checked against the stamps in the same
   * order.
   */
  private @Nullable ReleaseRecord existingRecordIfSame(
      Path output, String fingerprint, OutputStamps.@Nullable Ahead ahead) throws OutputException {
    Path root = output.toAbsolutePath().normalize();
    Path json = root.resolve(StagingArea.RELEASE_JSON);
    if (!Files.isRegularFile(json, LinkOption.NOFOLLOW_LINKS)) {
      return null;
    }
    String recorded;
    try (InputStream in = Files.newInputStream(json)) {
      recorded = ReleaseRecordJson.fingerprint(in);
    } catch (IOException e) {
      return null; // not a record: the release reads it again, and fails saying why
    }
    if (!fingerprint.equals(recorded)) {
      return null;
    }
    if (StagingArea.hasUnfinishedCommit(root)) {
      // A crashed in-place commit may have put this record in place already; its recovery, in
      // the release, rolls the output back first.
      LOG.info("{} has an unfinished commit; releasing again", root);
      return null;
    }
    // The common case: nothing touched since the commit, told by the stamps alone (the record's
    // files and reports are read only if the caller asks for them).
    Digest untouched = ahead != null ? ahead.result() : OutputStamps.unchanged(root);
    if (untouched != null) {
      try {
        ReleaseRecord head = ReleaseRecordJson.readLazily(json, untouched);
        if (head.inputFingerprint().equals(fingerprint)) {
          return head;
        }
      } catch (IOException e) {
        LOG.debug("cannot read the head of {}: {}", json, e.toString());
      }
    }
    java.security.MessageDigest md = Digest.newMessageDigest(Digest.SHA256);
    ReleaseRecord existing = readCommitted(output, md);
    if (existing == null || !existing.inputFingerprint().equals(fingerprint)) {
      return null;
    }
    Digest jsonDigest = Digest.sha256(md.digest());
    List<ReleaseRecord.FileEntry> files = existing.files();
    Set<Path> plainDirectories = new HashSet<>();
    int hashed = 0;
    try (OutputStamps.Recorded stamps = OutputStamps.read(root, jsonDigest)) {
      for (ReleaseRecord.FileEntry f : files) {
        Path p = root.resolve(f.path()).normalize();
        if (!p.startsWith(root)
            || p.equals(root)
            || !directoriesArePlain(root, p, plainDirectories)) {
          LOG.info("{} differs from its release record; translating again", p);
          return null;
        }
        // An unchanged stamp is the committed inode, untouched: a plain file of the recorded size.
        if (stamps.nextUnchanged(p, f.size())) {
          continue;
        }
        hashed++;
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
            || Files.size(p) != f.size()
            || !TargetContextImpl.sha256(p).equals(f.sha256())) {
          LOG.info("{} differs from its release record; translating again", p);
          return null;
        }
      }
    } catch (IOException e) {
      LOG.info(
          "{} cannot be checked against its release record ({}); translating again",
          root,
          e.toString());
      return null;
    }
    if (hashed > 0) {
      LOG.debug(
          "{} of {} files of {} hashed (no current stamp); recording stamps",
          hashed,
          files.size(),
          root);
      OutputStamps.write(root, jsonDigest, files);
    }
    return existing;
  }

  /** Whether every directory between the file and the root is real, not a symbolic link. */
  private static boolean directoriesArePlain(Path root, Path file, Set<Path> plainDirectories) {
    for (Path d = file.getParent(); d != null && !d.equals(root); d = d.getParent()) {
      if (plainDirectories.contains(d)) {
        break; // it and its parents were checked for an earlier file
      }
      if (Files.isSymbolicLink(d)) {
        return false;
      }
    }
    for (Path d = file.getParent();
        d != null && !d.equals(root) && plainDirectories.add(d);
        d = d.getParent()) {
      // remember every checked directory
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
