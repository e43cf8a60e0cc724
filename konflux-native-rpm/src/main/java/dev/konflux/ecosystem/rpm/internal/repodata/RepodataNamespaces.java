package dev.konflux.ecosystem.rpm.internal.repodata;

/** The XML namespaces of rpm-md repository metadata (as createrepo_c writes them). */
final class RepodataNamespaces {
  static final String COMMON = "http://linux.duke.edu/metadata/common";
  static final String RPM = "http://linux.duke.edu/metadata/rpm";
  static final String FILELISTS = "http://linux.duke.edu/metadata/filelists";
  static final String OTHER = "http://linux.duke.edu/metadata/other";
  static final String REPO = "http://linux.duke.edu/metadata/repo";

  private RepodataNamespaces() {}
}
