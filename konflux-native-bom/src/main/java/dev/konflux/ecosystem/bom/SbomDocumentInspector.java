package dev.konflux.ecosystem.bom;

import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.api.VerificationDecision;
import dev.konflux.ecosystem.spi.SbomInspection;
import dev.konflux.ecosystem.spi.SbomInspectionRequest;
import dev.konflux.ecosystem.spi.SbomInspector;
import java.io.IOException;
import java.io.InputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link SbomInspector} of this module, registered for {@link java.util.ServiceLoader}: reads
 * the SBOM with {@link SbomReader} (bounded, validated), matches it with {@link SbomMatcher} and
 * turns the outcome into a {@link VerificationDecision.Kind#SBOM} decision that passes only for a
 * valid SBOM that describes the artifact and is covered by a verified signature or attestation.
 */
public final class SbomDocumentInspector implements SbomInspector {
  private static final Logger LOG = LoggerFactory.getLogger(SbomDocumentInspector.class);

  private final SbomReader reader;
  private final SbomMatcher matcher = new SbomMatcher();

  /** The inspector {@link java.util.ServiceLoader} creates, with the reader's defaults. */
  public SbomDocumentInspector() {
    this(SbomReader.create());
  }

  /**
   * @param reader the reader to use (e.g. with another size limit)
   */
  public SbomDocumentInspector(SbomReader reader) {
    this.reader = reader;
  }

  @Override
  public String name() {
    return "konflux-native-bom";
  }

  @Override
  public SbomInspection inspect(SbomInspectionRequest request) {
    SbomSource source =
        new SbomSource(request.sbom(), request.referrer(), request.mediaType(), request.size());
    Sbom sbom;
    try (InputStream in = request.content().open()) {
      sbom = reader.read(in, source);
    } catch (SbomException e) {
      return failed(request, String.valueOf(e.getMessage()));
    } catch (IOException | KonfluxNativeException e) {
      return failed(request, request.describe() + " could not be read: " + e.getMessage());
    }
    SbomMatch match = matcher.match(sbom, request.expected());
    boolean passed = match.describes() && request.signed();
    String reason =
        match.reason()
            + (request.signed()
                ? "; covered by a verified signature or attestation"
                : "; not covered by any verified signature or attestation");
    LOG.debug("{}: {}", request.describe(), reason);
    VerificationDecision decision =
        VerificationDecision.of(
            request.component(),
            request.subject(),
            request.referrer(),
            VerificationDecision.Kind.SBOM,
            null,
            passed,
            reason);
    return new SbomInspection(
        true,
        match.describes(),
        request.signed(),
        sbom.format().label(),
        match.matched() == null ? null : match.matched().purl(),
        sbom.packages().size(),
        decision);
  }

  private static SbomInspection failed(SbomInspectionRequest request, String reason) {
    VerificationDecision decision =
        VerificationDecision.of(
            request.component(),
            request.subject(),
            request.referrer(),
            VerificationDecision.Kind.SBOM,
            null,
            false,
            reason);
    return new SbomInspection(false, false, request.signed(), null, null, 0, decision);
  }
}
