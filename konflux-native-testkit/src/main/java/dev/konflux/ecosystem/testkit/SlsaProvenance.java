package dev.konflux.ecosystem.testkit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.konflux.ecosystem.api.Digest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * An in-toto Statement carrying SLSA provenance shaped like what Tekton Chains writes for a Konflux
 * PipelineRun: SLSA v0.2 in a Statement v0.1 ({@code slsa/v1} Chains format) or SLSA v1 in a
 * Statement v1 ({@code slsa/v2alpha3}). The subject is the artifact's reference and manifest
 * digest. Defaults describe a plausible build so tests need set nothing; all values are fixed so
 * the statement bytes are reproducible.
 */
public final class SlsaProvenance {

  /** SLSA provenance v0.2 predicate type. */
  public static final String PREDICATE_V02 = "https://slsa.dev/provenance/v0.2";

  /** SLSA provenance v1 predicate type. */
  public static final String PREDICATE_V1 = "https://slsa.dev/provenance/v1";

  /** in-toto Statement v0.1 type. */
  public static final String STATEMENT_V01 = "https://in-toto.io/Statement/v0.1";

  /** in-toto Statement v1 type. */
  public static final String STATEMENT_V1 = "https://in-toto.io/Statement/v1";

  private final boolean v1;
  private String builderId = "https://tekton.dev/chains/v2";
  private String pipelineRun = "component-on-push-x7k2p";
  private String gitUrl = "https://github.com/konflux-test/component";
  private String gitRevision = "4f1e9b2c8d7a6e5f4a3b2c1d0e9f8a7b6c5d4e3f";
  private Instant startedOn = Instant.parse("2024-01-01T00:00:00Z");
  private final List<String[]> materials = new ArrayList<>();
  private final List<String[]> results = new ArrayList<>();

  private SlsaProvenance(boolean v1) {
    this.v1 = v1;
    materials.add(
        new String[] {
          "oci://quay.io/konflux-ci/tekton-catalog/task-buildah",
          "sha256",
          "0d1c2b3a4f5e6d7c8b9a0f1e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6e5f4"
        });
  }

  /**
   * @return SLSA v0.2 provenance in an in-toto Statement v0.1
   */
  public static SlsaProvenance v02() {
    return new SlsaProvenance(false);
  }

  /**
   * @return SLSA v1 provenance in an in-toto Statement v1
   */
  public static SlsaProvenance v1() {
    return new SlsaProvenance(true);
  }

  /**
   * @param id the builder id
   * @return this
   */
  public SlsaProvenance builderId(String id) {
    this.builderId = Objects.requireNonNull(id);
    return this;
  }

  /**
   * @param name the PipelineRun name (the invocation id)
   * @return this
   */
  public SlsaProvenance pipelineRun(String name) {
    this.pipelineRun = Objects.requireNonNull(name);
    return this;
  }

  /**
   * @param url source repository URL
   * @param revision git commit (40 hex)
   * @return this
   */
  public SlsaProvenance source(String url, String revision) {
    this.gitUrl = Objects.requireNonNull(url);
    this.gitRevision = Objects.requireNonNull(revision);
    return this;
  }

  /**
   * @param time when the build started (it finishes ten minutes later)
   * @return this
   */
  public SlsaProvenance startedOn(Instant time) {
    this.startedOn = Objects.requireNonNull(time);
    return this;
  }

  /**
   * Adds a material / resolved dependency besides the source.
   *
   * @param uri its URI, e.g. {@code oci://quay.io/…/task-foo}
   * @param digest its digest
   * @return this
   */
  public SlsaProvenance material(String uri, Digest digest) {
    materials.add(new String[] {uri, digest.algorithm(), digest.hex()});
    return this;
  }

  /**
   * Adds a pipeline result: a task result of {@code build-container} (v0.2) or a {@code
   * pipelineRunResults/<name>} byproduct (v1), as Tekton Chains records, e.g. {@code SBOM_BLOB_URL}
   * = {@code quay.io/ns/repo@sha256:…}.
   *
   * @param name the result name
   * @param value its value
   * @return this
   */
  public SlsaProvenance result(String name, String value) {
    results.add(new String[] {name, value});
    return this;
  }

  /**
   * @return the predicate type this statement carries
   */
  public String predicateType() {
    return v1 ? PREDICATE_V1 : PREDICATE_V02;
  }

  /**
   * @param subjectName the subject name (Chains uses the repository reference, e.g. {@code
   *     quay.io/ns/repo})
   * @param subjectDigest the artifact's manifest digest
   * @return the statement's exact bytes
   */
  public byte[] statement(String subjectName, Digest subjectDigest) {
    ObjectNode root = OciJson.object();
    root.put("_type", v1 ? STATEMENT_V1 : STATEMENT_V01);
    if (!v1) {
      root.put("predicateType", PREDICATE_V02);
    }
    ObjectNode subject = root.putArray("subject").addObject();
    subject.put("name", subjectName);
    subject.putObject("digest").put(subjectDigest.algorithm(), subjectDigest.hex());
    if (v1) {
      root.put("predicateType", PREDICATE_V1);
    }
    root.set("predicate", v1 ? predicateV1(subjectDigest) : predicateV02());
    return OciJson.bytes(root);
  }

  private ObjectNode predicateV02() {
    ObjectNode p = OciJson.object();
    p.putObject("builder").put("id", builderId);
    p.put("buildType", "tekton.dev/v1beta1/PipelineRun");
    ObjectNode invocation = p.putObject("invocation");
    ObjectNode configSource = invocation.putObject("configSource");
    configSource.put("uri", "git+" + gitUrl + ".git");
    configSource.putObject("digest").put("sha1", gitRevision);
    configSource.put("entryPoint", ".tekton/component-push.yaml");
    ObjectNode parameters = invocation.putObject("parameters");
    parameters.put("git-url", gitUrl);
    parameters.put("revision", gitRevision);
    ObjectNode labels = invocation.putObject("environment").putObject("labels");
    labels.put("appstudio.openshift.io/application", "konflux-test");
    labels.put("appstudio.openshift.io/component", "component");
    labels.put("tekton.dev/pipelineRun", pipelineRun);
    ArrayNode tasks = p.putObject("buildConfig").putArray("tasks");
    ObjectNode task = tasks.addObject();
    task.put("name", "build-container");
    ObjectNode ref = task.putObject("ref");
    ref.put("resolver", "bundles");
    task.put("startedOn", startedOn.toString());
    task.put("finishedOn", startedOn.plusSeconds(540).toString());
    task.put("status", "Succeeded");
    if (!results.isEmpty()) {
      ArrayNode taskResults = task.putArray("results");
      for (String[] r : results) {
        taskResults.addObject().put("name", r[0]).put("value", r[1]);
      }
    }
    ObjectNode metadata = p.putObject("metadata");
    metadata.put("buildStartedOn", startedOn.toString());
    metadata.put("buildFinishedOn", startedOn.plusSeconds(600).toString());
    ObjectNode completeness = metadata.putObject("completeness");
    completeness.put("parameters", false);
    completeness.put("environment", false);
    completeness.put("materials", false);
    metadata.put("reproducible", false);
    ArrayNode out = p.putArray("materials");
    ObjectNode source = out.addObject();
    source.put("uri", "git+" + gitUrl + ".git");
    source.putObject("digest").put("sha1", gitRevision);
    for (String[] m : materials) {
      ObjectNode material = out.addObject();
      material.put("uri", m[0]);
      material.putObject("digest").put(m[1], m[2]);
    }
    return p;
  }

  private ObjectNode predicateV1(Digest subjectDigest) {
    ObjectNode p = OciJson.object();
    ObjectNode definition = p.putObject("buildDefinition");
    definition.put("buildType", "https://tekton.dev/chains/v2/slsa-tekton");
    ObjectNode external = definition.putObject("externalParameters");
    ObjectNode runSpec = external.putObject("runSpec");
    runSpec.putObject("pipelineRef").put("name", "component-build");
    ArrayNode params = runSpec.putArray("params");
    ObjectNode url = params.addObject();
    url.put("name", "git-url");
    url.put("value", gitUrl);
    ObjectNode revision = params.addObject();
    revision.put("name", "revision");
    revision.put("value", gitRevision);
    definition
        .putObject("internalParameters")
        .putObject("tekton-pipelines-feature-flags")
        .put("EnableAPIFields", "beta");
    ArrayNode deps = definition.putArray("resolvedDependencies");
    ObjectNode source = deps.addObject();
    source.put("uri", "git+" + gitUrl + ".git");
    source.putObject("digest").put("sha1", gitRevision);
    source.put("name", "inputs/result");
    for (String[] m : materials) {
      ObjectNode dep = deps.addObject();
      dep.put("uri", m[0]);
      dep.putObject("digest").put(m[1], m[2]);
    }
    ObjectNode details = p.putObject("runDetails");
    details.putObject("builder").put("id", builderId);
    ObjectNode metadata = details.putObject("metadata");
    metadata.put("invocationID", pipelineRun);
    metadata.put("startedOn", startedOn.toString());
    metadata.put("finishedOn", startedOn.plusSeconds(600).toString());
    ArrayNode byproducts = details.putArray("byproducts");
    ObjectNode byproduct = byproducts.addObject();
    byproduct.put("name", "pipelineRunResults/IMAGE_DIGEST");
    byproduct.put("mediaType", "application/json");
    byproduct.put(
        "content",
        Base64.getEncoder()
            .encodeToString(("\"" + subjectDigest + "\"").getBytes(StandardCharsets.UTF_8)));
    for (String[] r : results) {
      ObjectNode result = byproducts.addObject();
      result.put("name", "pipelineRunResults/" + r[0]);
      result.put("mediaType", "application/json");
      result.put(
          "content",
          Base64.getEncoder()
              .encodeToString(("\"" + r[1] + "\"").getBytes(StandardCharsets.UTF_8)));
    }
    return p;
  }
}
