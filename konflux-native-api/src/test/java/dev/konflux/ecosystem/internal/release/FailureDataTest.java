package dev.konflux.ecosystem.internal.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.konflux.ecosystem.api.ArtifactReference;
import dev.konflux.ecosystem.api.CosignPublicKey;
import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.api.MediaTypes;
import dev.konflux.ecosystem.api.OutputException;
import dev.konflux.ecosystem.api.Snapshot;
import dev.konflux.ecosystem.api.SourceUnavailableException;
import dev.konflux.ecosystem.api.TranslateRequest;
import dev.konflux.ecosystem.api.Translator;
import dev.konflux.ecosystem.api.VerificationDecision;
import dev.konflux.ecosystem.api.VerificationException;
import dev.konflux.ecosystem.api.VerificationPolicy;
import dev.konflux.ecosystem.internal.layout.OciLayoutSourceProvider;
import dev.konflux.ecosystem.internal.layout.TestLayout;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every failure says what it is about as data (component, reference, digest, operation), in a short
 * message.
 */
class FailureDataTest {
  private static final String TYPE = "application/vnd.test.files";
  @TempDir Path tmp;

  private TestLayout layout(String name) throws Exception {
    TestLayout layout = new TestLayout(tmp.resolve(name));
    Descriptor layer =
        layout.blob(
            "text/plain",
            "x".getBytes(StandardCharsets.UTF_8),
            Map.of(MediaTypes.ANNOTATION_TITLE, "x.txt"));
    layout.artifact(TYPE, null, "v1", layer);
    return layout;
  }

  private static Translator.Builder translator(Path out) {
    return Translator.builder()
        .outputDirectory(out)
        .sourceProviders(List.of(new OciLayoutSourceProvider()))
        .targets(List.of(new CopyingTestTarget(TYPE, false)));
  }

  private static TranslateRequest request(String ref) throws Exception {
    return TranslateRequest.of(List.of(ArtifactReference.parse(ref)));
  }

  @Test
  void refusedComponentCarriesItsDecisionsAndDigestInAShortMessage() throws Exception {
    TestLayout layout = layout("unsigned");
    String ref = "oci-layout:" + layout.dir() + ":v1";
    VerificationException e =
        assertThrows(
            VerificationException.class,
            () -> translator(tmp.resolve("out")).build().translate(request(ref)));
    assertEquals("unsigned", e.component().orElseThrow());
    assertEquals(KonfluxNativeException.OPERATION_VERIFY, e.operation().orElseThrow());
    assertTrue(e.reference().orElseThrow().startsWith(ref), e.reference().toString());
    String digest = e.digest().orElseThrow().toString();
    assertTrue(e.getMessage().contains(digest), e.getMessage());
    assertFalse(e.decisions().isEmpty());
    assertFalse(e.failedDecisions().isEmpty());
    for (VerificationDecision d : e.decisions()) {
      assertEquals(digest, d.subject().toString());
    }
    // The summary does not repeat each decision; details() does, one per line.
    assertFalse(e.getMessage().contains("no signature was found"), e.getMessage());
    assertTrue(e.details().contains("no signature was found"), e.details());
    assertTrue(e.getMessage().length() < 200, e.getMessage());
  }

  @Test
  void corruptedBlobNamesTheBlobsDigestAndTheComponent() throws Exception {
    TestLayout layout = layout("corrupt");
    Descriptor layer =
        layout.blob(
            "text/plain",
            "y".getBytes(StandardCharsets.UTF_8),
            Map.of(MediaTypes.ANNOTATION_TITLE, "y.txt"));
    layout.artifact(TYPE, null, "v2", layer);
    Files.writeString(layout.blobFile(layer.digest()), "z");
    VerificationException e =
        assertThrows(
            VerificationException.class,
            () ->
                translator(tmp.resolve("out"))
                    .verificationPolicy(VerificationPolicy.skipVerification())
                    .build()
                    .translate(request("oci-layout:" + layout.dir() + ":v2")));
    assertEquals(layer.digest(), e.digest().orElseThrow());
    assertEquals("corrupt", e.component().orElseThrow());
    assertTrue(
        e.operation().orElseThrow().startsWith("reading layer y.txt"), e.operation().toString());
    assertTrue(e.decisions().isEmpty());
  }

  @Test
  void missingSourceNamesComponentReferenceAndOperation() throws Exception {
    String ref = "oci-layout:" + tmp.resolve("absent") + ":v1";
    SourceUnavailableException e =
        assertThrows(
            SourceUnavailableException.class,
            () ->
                translator(tmp.resolve("out"))
                    .verificationPolicy(VerificationPolicy.skipVerification())
                    .build()
                    .translate(request(ref)));
    assertEquals("absent", e.component().orElseThrow());
    assertEquals(ref, e.reference().orElseThrow());
    assertEquals(KonfluxNativeException.OPERATION_RESOLVE, e.operation().orElseThrow());
  }

  @Test
  void innerDataIsNotReplacedByOuterData() {
    InvalidInputException e = new InvalidInputException("bad");
    e.withComponent("inner").withOperation("pulling blob");
    e.withComponent("outer")
        .withOperation(KonfluxNativeException.OPERATION_RESOLVE)
        .withReference("r");
    assertEquals("inner", e.component().orElseThrow());
    assertEquals("pulling blob", e.operation().orElseThrow());
    assertEquals("r", e.reference().orElseThrow());
    assertTrue(e.digest().isEmpty());
  }

  @Test
  void outputPathThatIsAFileFailsBeforeTheSourceIsRead() throws Exception {
    Path file = Files.writeString(tmp.resolve("out"), "keep");
    // The source does not exist: had the release started, this would be SourceUnavailableException.
    OutputException e =
        assertThrows(
            OutputException.class,
            () ->
                translator(file)
                    .build()
                    .translate(request("oci-layout:" + tmp.resolve("absent") + ":v1")));
    assertTrue(e.getMessage().contains("is not a directory"), e.getMessage());
    assertEquals(file.toString(), e.reference().orElseThrow());
    assertEquals("keep", Files.readString(file));
  }

  @Test
  void unknownOptionIsRefusedNamingTheKnownOnes() throws Exception {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () ->
                translator(tmp.resolve("out"))
                    .option("rpm.archs", "x86_64")
                    .build()
                    .translate(request("oci-layout:" + tmp.resolve("absent") + ":v1")));
    assertTrue(e.getMessage().contains("unknown option rpm.archs"), e.getMessage());
    assertTrue(e.getMessage().contains(CopyingTestTarget.OPTION), e.getMessage());
    assertEquals("rpm.archs", e.reference().orElseThrow());
  }

  @Test
  void builderWithoutOutputDirectorySaysSo() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> Translator.builder().build());
    assertTrue(e.getMessage().contains("outputDirectory(Path)"), e.getMessage());
  }

  @Test
  void publicKeyFileThatIsMissingOrNotAKeyIsInvalidInputNamingTheFile() throws Exception {
    Path missing = tmp.resolve("missing.pub");
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> CosignPublicKey.fromPem(missing));
    assertEquals(missing + " does not exist", e.getMessage().replace("public key file ", ""));
    assertEquals(missing.toString(), e.reference().orElseThrow());
    Path text = Files.writeString(tmp.resolve("text.pub"), "not a key\n");
    e = assertThrows(InvalidInputException.class, () -> CosignPublicKey.fromPem(text));
    assertTrue(e.getMessage().contains(text.toString()), e.getMessage());
    assertEquals(text.toString(), e.reference().orElseThrow());
    Path binary =
        Files.write(tmp.resolve("binary.pub"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
    e = assertThrows(InvalidInputException.class, () -> CosignPublicKey.fromPem(binary));
    assertTrue(e.getMessage().contains(binary.toString()), e.getMessage());
    e = assertThrows(InvalidInputException.class, () -> CosignPublicKey.fromPem(tmp));
    assertTrue(e.getMessage().contains("is not a regular file"), e.getMessage());
  }

  @Test
  void malformedSnapshotSaysLineAndColumnWithoutParserBoilerplate() {
    String json = "{\n  \"application\": \"a\",\n  \"components\": [ tru ]\n}\n";
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> Snapshot.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))));
    assertTrue(
        e.getMessage().startsWith("snapshot is not valid JSON at line 3, column "), e.getMessage());
    assertFalse(e.getMessage().contains("Source"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    assertFalse(e.getMessage().contains("expected"), e.getMessage());
  }
}
