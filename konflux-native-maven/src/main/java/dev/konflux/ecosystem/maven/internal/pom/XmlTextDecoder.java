package dev.konflux.ecosystem.maven.internal.pom;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decodes an XML document's bytes into characters before the JDK's StAX parser sees them. The
 * parser's own decoders print "[Fatal Error]" lines to standard error on malformed byte sequences
 * (library code must not print), so the encoding is taken from the byte order mark or the XML
 * declaration here, and a strict decoder reports bad bytes as an exception instead. Only the
 * encodings POMs and metadata use are accepted: UTF-8 (default), US-ASCII, ISO-8859-1, UTF-16.
 */
public final class XmlTextDecoder {
  private static final Pattern ENCODING =
      Pattern.compile("^<\\?xml[^>]*?encoding\\s*=\\s*[\"']([A-Za-z0-9._-]{1,40})[\"']");

  private XmlTextDecoder() {}

  /**
   * @param in the document bytes
   * @return a reader of its characters whose decoding errors are {@link
   *     java.nio.charset.CharacterCodingException}s
   * @throws InvalidPomException if the declared encoding is not one of those accepted
   * @throws IOException if reading fails
   */
  public static Reader reader(InputStream in) throws InvalidPomException, IOException {
    BufferedInputStream buffered = new BufferedInputStream(in, 8192);
    buffered.mark(256);
    byte[] head = buffered.readNBytes(200);
    buffered.reset();
    Charset charset = StandardCharsets.UTF_8;
    int skip = 0;
    if (head.length >= 3
        && (head[0] & 0xff) == 0xEF
        && (head[1] & 0xff) == 0xBB
        && (head[2] & 0xff) == 0xBF) {
      skip = 3;
    } else if (head.length >= 2
        && (((head[0] & 0xff) == 0xFE && (head[1] & 0xff) == 0xFF)
            || ((head[0] & 0xff) == 0xFF && (head[1] & 0xff) == 0xFE))) {
      charset = StandardCharsets.UTF_16; // the decoder reads the byte order mark itself
    } else {
      Matcher m = ENCODING.matcher(new String(head, StandardCharsets.ISO_8859_1));
      if (m.find()) {
        charset =
            switch (m.group(1).toUpperCase(Locale.ROOT)) {
              case "UTF-8", "UTF8" -> StandardCharsets.UTF_8;
              case "US-ASCII", "ASCII" -> StandardCharsets.US_ASCII;
              case "ISO-8859-1", "ISO8859-1", "LATIN1" -> StandardCharsets.ISO_8859_1;
              case "UTF-16" -> StandardCharsets.UTF_16;
              default -> throw new InvalidPomException("declares an unsupported encoding");
            };
      }
    }
    buffered.skipNBytes(skip);
    return new InputStreamReader(
        buffered,
        charset
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT));
  }
}
