package dev.konflux.ecosystem.bom.placement;

import dev.konflux.ecosystem.api.BlobIntegrityException;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.api.SbomDocument;
import dev.konflux.ecosystem.api.SourceUnavailableException;
import dev.konflux.ecosystem.api.VerificationException;
import dev.konflux.ecosystem.bom.Sbom;
import dev.konflux.ecosystem.bom.SbomConverter;
import dev.konflux.ecosystem.bom.SbomEncoding;
import dev.konflux.ecosystem.bom.SbomReader;
import dev.konflux.ecosystem.bom.SbomSource;
import dev.konflux.ecosystem.bom.internal.BoundedBytes;
import dev.konflux.ecosystem.spi.BlobReader;
import dev.konflux.ecosystem.spi.SbomPlacement;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@link SbomPlacement} of this module, registered for {@link java.util.ServiceLoader}: RPM
 * names through {@link RpmSbomSidecars}, wheels through {@link WheelSboms}, Maven files through
 * {@link MavenSbomAttachment}. SBOMs that go into a wheel or are converted for Maven are read
 * bounded by {@link SbomReader}'s limit, their digest checked by the blob reader, and parsed and
 * validated before use.
 */
public final class NativeSbomPlacement implements SbomPlacement {
  /** The creation time a converted document falls back on: fixed, so output is reproducible. */
  private static final Instant FALLBACK_CREATED = Instant.parse("1980-01-01T00:00:00Z");

  private final SbomReader reader;
  private final SbomConverter converter;

  /** The placement {@link java.util.ServiceLoader} creates, with the reader's defaults. */
  public NativeSbomPlacement() {
    this(SbomReader.create(), new SbomConverter(FALLBACK_CREATED));
  }

  /**
   * @param reader reads and validates SBOMs (its limit bounds every document)
   * @param converter converts them (its fallback creation time keeps output reproducible)
   */
  public NativeSbomPlacement(SbomReader reader, SbomConverter converter) {
    this.reader = reader;
    this.converter = converter;
  }

  @Override
  public String name() {
    return "konflux-native-bom";
  }

  @Override
  public String rpmSidecarHref(String component, Digest manifest, Digest sbom, String mediaType) {
    return RpmSbomSidecars.href(component, manifest, sbom, mediaType);
  }

  @Override
  public Map<String, String> rpmRecordTypes(Collection<String> hrefs, Set<String> takenTypes) {
    return RpmSbomSidecars.recordTypes(hrefs, takenTypes);
  }

  @Override
  public boolean isRpmSbomRecordType(String type) {
    return RpmSbomSidecars.isSbomType(type);
  }

  @Override
  public List<SbomPlacement.WheelSbom> wheelSboms(Path wheel) throws InvalidInputException {
    List<SbomPlacement.WheelSbom> out = new ArrayList<>();
    for (dev.konflux.ecosystem.bom.placement.WheelSbom s : WheelSboms.list(wheel)) {
      out.add(new SbomPlacement.WheelSbom(s.path(), s.sha256(), s.size(), s.recorded()));
    }
    return out;
  }

  @Override
  public SbomPlacement.InjectedWheel injectIntoWheel(
      Path wheel, Path output, SbomDocument sbom, BlobReader blobs) throws KonfluxNativeException {
    Loaded loaded = load(sbom, blobs);
    String fileName =
        "konflux-"
            + sbom.digest().hex().substring(0, Math.min(12, sbom.digest().hex().length()))
            + "."
            + extension(loaded);
    dev.konflux.ecosystem.bom.placement.InjectedWheel w =
        WheelSboms.inject(wheel, output, fileName, loaded.bytes(), loaded.sbom().source());
    return new SbomPlacement.InjectedWheel(w.wheel(), w.sha256(), w.size(), w.entry());
  }

  @Override
  public List<SbomFile> mavenCycloneDx(
      SbomDocument sbom, BlobReader blobs, String artifactId, String version)
      throws KonfluxNativeException {
    Loaded loaded = load(sbom, blobs);
    List<SbomFile> out = new ArrayList<>();
    List<SbomEncoding> encodings =
        loaded.sbom().format().isCycloneDx() && loaded.xml()
            ? List.of(SbomEncoding.JSON, SbomEncoding.XML)
            : List.of(SbomEncoding.JSON);
    for (SbomEncoding encoding : encodings) {
      out.add(
          new SbomFile(
              MavenSbomAttachment.fileName(artifactId, version, encoding),
              encoding.mediaType(),
              converter.toCycloneDx(loaded.sbom(), encoding)));
    }
    return out;
  }

  /** A document's bytes as found, and their parsed view. */
  private record Loaded(byte[] bytes, Sbom sbom) {
    boolean xml() {
      for (byte b : bytes) {
        if (b == '<') {
          return true;
        }
        if (!Character.isWhitespace(b)
            && b != (byte) 0xEF
            && b != (byte) 0xBB
            && b != (byte) 0xBF) {
          return false;
        }
      }
      return false;
    }
  }

  private Loaded load(SbomDocument document, BlobReader blobs) throws KonfluxNativeException {
    dev.konflux.ecosystem.api.Referrer referrer = document.referrer();
    SbomSource source =
        new SbomSource(
            document.digest(),
            referrer == null ? null : referrer.manifest().digest(),
            document.mediaType(),
            document.size());
    byte[] bytes;
    try (InputStream in = document.open(blobs)) {
      bytes = BoundedBytes.read(in, reader.maxBytes(), source);
    } catch (BlobIntegrityException e) {
      throw new VerificationException(source.describe() + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new SourceUnavailableException(
          "reading " + source.describe() + " failed: " + e.getMessage(), e);
    }
    return new Loaded(bytes, reader.read(bytes, source));
  }

  private static String extension(Loaded loaded) {
    if (!loaded.sbom().format().isCycloneDx()) {
      return "spdx.json";
    }
    return loaded.xml() ? "cdx.xml" : "cdx.json";
  }
}
