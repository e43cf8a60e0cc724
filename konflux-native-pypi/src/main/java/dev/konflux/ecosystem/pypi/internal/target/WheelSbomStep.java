package dev.konflux.ecosystem.pypi.internal.target;

import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.api.OutputException;
import dev.konflux.ecosystem.api.SbomDocument;
import dev.konflux.ecosystem.api.TargetReport;
import dev.konflux.ecosystem.api.VerifiedArtifact;
import dev.konflux.ecosystem.pypi.PypiTarget;
import dev.konflux.ecosystem.spi.BlobReader;
import dev.konflux.ecosystem.spi.FileOrigin;
import dev.konflux.ecosystem.spi.SbomPlacement;
import dev.konflux.ecosystem.spi.TargetContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PEP 770 for the Python target: reports which wheels carry SBOMs under {@code .dist-info/sboms/}
 * and, with {@code pypi.injectSbom=true}, adds the component's SBOM (the core's SBOM finder's,
 * preferring one that verified evidence covers) to each wheel before it is attested, through the
 * {@link SbomPlacement} of {@code konflux-native-bom}. A wheel's bytes change only then.
 *
 * <p>In {@code release.json} a wheel's file entry lists, besides its layer (whose digest is the
 * wheel as Konflux built it), one archive-entry origin per SBOM it carries (the PEP 770 report); an
 * injected wheel's entry has the new SHA-256 and size and one more origin naming the SBOM referrer
 * and the SBOM document's digest, so both digests and the SBOM's source are recorded.
 */
final class WheelSbomStep {
  private static final Logger LOG = LoggerFactory.getLogger(WheelSbomStep.class);

  /** The option that asks for injection. */
  static final String OPTION_INJECT = PypiTarget.OPTION_INJECT_SBOM;

  /** The {@link TargetReport#kind()} of the PEP 770 report in release.json. */
  static final String REPORT_KIND = "pep770";

  /** The finding of a wheel that carries no SBOM under {@code .dist-info/sboms/}. */
  static final String NO_SBOM = "NO_PEP770_SBOM";

  private final boolean inject;
  private final Optional<SbomPlacement> placement;

  /** One PEP 770 report per wheel, by file name; distributions may be prepared concurrently. */
  private final ConcurrentSkipListMap<String, TargetReport> reports = new ConcurrentSkipListMap<>();

  /**
   * @param inject whether SBOMs are added to wheels
   * @param placement the placement, or empty when {@code konflux-native-bom} is absent
   * @throws InvalidInputException if injection is asked for and no placement is installed
   */
  WheelSbomStep(boolean inject, Optional<SbomPlacement> placement) throws InvalidInputException {
    if (inject && placement.isEmpty()) {
      throw new InvalidInputException(
          OPTION_INJECT
              + "=true needs the SBOM placement of "
              + SbomPlacement.MODULE
              + ": add it to the class path (the command-line tool carries it), or drop the option");
    }
    this.inject = inject;
    this.placement = placement;
  }

  /**
   * @param context the release context ({@value #OPTION_INJECT} from its options)
   * @return the step, with the placement of {@code konflux-native-bom} if installed
   * @throws InvalidInputException if the option is not a boolean, or injection is asked for without
   *     the placement
   */
  static WheelSbomStep of(TargetContext context) throws InvalidInputException {
    String v = context.options().get(OPTION_INJECT);
    boolean inject;
    if (v == null || v.isBlank()) {
      inject = false;
    } else {
      inject =
          switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default ->
                throw new InvalidInputException(
                    "option " + OPTION_INJECT + " must be true or false, not " + v);
          };
    }
    return new WheelSbomStep(
        inject,
        inject ? SbomPlacement.installed(WheelSbomStep.class.getClassLoader()) : Optional.empty());
  }

  /**
   * @param dist a distribution
   * @return whether an SBOM is added to it (a wheel, with injection on)
   */
  boolean injects(PlannedDist dist) {
    return inject && dist.name().wheel();
  }

  /**
   * @return the PEP 770 report of every wheel this release prepared, by file name: a wheel that
   *     carries SBOMs under {@code .dist-info/sboms/} (its own or one injected) passes, one that
   *     carries none has a {@value #NO_SBOM} finding. The SBOM members themselves are the wheel's
   *     archive-entry origins in release.json.
   */
  List<TargetReport> reports() {
    return List.copyOf(reports.values());
  }

  private void report(PlannedDist dist, List<String> members) {
    String file = dist.name().fileName();
    List<TargetReport.Finding> findings =
        members.isEmpty()
            ? List.of(
                new TargetReport.Finding(
                    NO_SBOM,
                    "the wheel carries no PEP 770 SBOM under .dist-info/sboms/"
                        + (inject ? "" : " (" + OPTION_INJECT + "=true adds the component's SBOM)"),
                    file))
            : List.of();
    reports.put(file, new TargetReport("pypi", REPORT_KIND, file, findings));
  }

  /** The wheel to publish and what release.json says about its SBOMs. */
  record Result(DistWriter.Written written, Path file, List<FileOrigin> origins) {}

  /**
   * @param dist the distribution
   * @param verified its artifact, with the SBOMs the core found
   * @param blobs opens the SBOM
   * @param written the validated distribution in the work directory
   * @param work its file
   * @param origin its layer origin
   * @param injectedFile where an injected wheel is written
   * @return the file to publish (the input unless an SBOM was added), its digest and size, and its
   *     origins
   * @throws KonfluxNativeException if injection was asked for and fails
   */
  Result apply(
      PlannedDist dist,
      VerifiedArtifact verified,
      BlobReader blobs,
      DistWriter.Written written,
      Path work,
      FileOrigin origin,
      Path injectedFile)
      throws KonfluxNativeException {
    List<FileOrigin> origins = new ArrayList<>();
    origins.add(origin);
    for (String member : written.dist().sboms()) {
      origins.add(FileOrigin.ofArchiveEntry(dist.artifact(), dist.layer().digest(), member));
    }
    if (!written.dist().sboms().isEmpty()) {
      LOG.info("{} carries PEP 770 SBOMs: {}", dist.name().fileName(), written.dist().sboms());
    }
    if (!injects(dist)) {
      if (dist.name().wheel()) {
        report(dist, written.dist().sboms());
      }
      return new Result(written, work, origins);
    }
    SbomDocument sbom =
        SbomPlacement.preferred(verified.sboms())
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        OPTION_INJECT
                            + "=true, but "
                            + dist.artifact().describe()
                            + " has no SBOM to add to "
                            + dist.name().fileName()
                            + " (no SBOM referrer, SBOM attestation or provenance SBOM_BLOB_URL)"));
    SbomPlacement p = placement.orElseThrow();
    SbomPlacement.InjectedWheel injected = p.injectIntoWheel(work, injectedFile, sbom, blobs);
    // The new wheel's RECORD must list the new entry with its hash and size.
    boolean recorded =
        p.wheelSboms(injected.wheel()).stream()
            .anyMatch(s -> s.path().equals(injected.entry()) && s.recorded());
    if (!recorded) {
      throw new OutputException(
          "the SBOM added to "
              + dist.name().fileName()
              + " is not listed in its RECORD with its hash and size: "
              + injected.entry());
    }
    try {
      Files.move(injected.wheel(), work, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new OutputException(
          "replacing "
              + dist.name().fileName()
              + " in the work directory failed: "
              + e.getMessage(),
          e);
    }
    origins.add(SbomPlacement.origin(dist.artifact(), sbom));
    List<String> members = new ArrayList<>(written.dist().sboms());
    members.add(injected.entry());
    report(dist, members);
    LOG.info(
        "{}: added SBOM {} as {} (wheel {} -> {})",
        dist.name().fileName(),
        sbom.digest(),
        injected.entry(),
        dist.layer().digest(),
        injected.sha256());
    return new Result(
        new DistWriter.Written(written.dist(), injected.sha256(), injected.size()), work, origins);
  }
}
