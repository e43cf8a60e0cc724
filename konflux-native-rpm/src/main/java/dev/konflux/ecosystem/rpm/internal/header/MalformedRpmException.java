package dev.konflux.ecosystem.rpm.internal.header;

import dev.konflux.ecosystem.api.InvalidInputException;

/**
 * An RPM package that cannot be used: a truncated or malformed lead or header, a value outside our
 * limits, a digest in the package that does not match its bytes. The message names the file and the
 * reason.
 */
public final class MalformedRpmException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final String reason;

  /**
   * @param file the package (file name or layer title) for messages
   * @param reason what is wrong
   */
  public MalformedRpmException(String file, String reason) {
    super("malformed RPM " + file + ": " + reason);
    this.file = file;
    this.reason = reason;
  }

  /**
   * @return the package named in the message
   */
  public String file() {
    return file;
  }

  /**
   * @return what is wrong
   */
  public String reason() {
    return reason;
  }
}
