package dev.konflux.ecosystem.bom;

/** How a CycloneDX document is written. */
public enum SbomEncoding {
  /** JSON, media type {@code application/vnd.cyclonedx+json}, extension {@code json}. */
  JSON("application/vnd.cyclonedx+json", "json"),
  /** XML, media type {@code application/vnd.cyclonedx+xml}, extension {@code xml}. */
  XML("application/vnd.cyclonedx+xml", "xml");

  private final String mediaType;
  private final String extension;

  SbomEncoding(String mediaType, String extension) {
    this.mediaType = mediaType;
    this.extension = extension;
  }

  /**
   * @return the CycloneDX media type of this encoding
   */
  public String mediaType() {
    return mediaType;
  }

  /**
   * @return the file extension, without dot
   */
  public String extension() {
    return extension;
  }
}
