package dev.konflux.ecosystem.bom.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.konflux.ecosystem.bom.SbomException;
import dev.konflux.ecosystem.bom.SbomException.Reason;
import dev.konflux.ecosystem.bom.SbomFormat;
import dev.konflux.ecosystem.bom.SbomSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.jspecify.annotations.Nullable;

/**
 * Tells SPDX JSON, CycloneDX JSON and CycloneDX XML apart and finds the version, in one streaming
 * pass that also proves the document well-formed before a library sees it. XML is read with the
 * JDK's StAX parser with DTDs and external entities off, and any DOCTYPE is refused: CycloneDX
 * needs none, and refusing it here keeps entity tricks away from the libraries' parsers.
 */
public final class FormatSniffer {
  private static final String CDX_NAMESPACE = "http://cyclonedx.org/schema/bom/";
  private static final JsonFactory JSON =
      JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(200).build())
          .build();

  private FormatSniffer() {}

  /**
   * @param bytes the whole document
   * @param source the document, for errors
   * @return its format
   * @throws SbomException MALFORMED, EXTERNAL_ENTITY or UNSUPPORTED
   */
  public static DocumentKind sniff(byte[] bytes, SbomSource source) throws SbomException {
    int first = firstNonSpace(bytes);
    if (first < 0) {
      throw new SbomException(source, Reason.MALFORMED, "empty document", List.of(), null);
    }
    if (bytes[first] == '<') {
      return new DocumentKind(xml(bytes, source), true);
    }
    if (bytes[first] == '{') {
      return new DocumentKind(json(bytes, source), false);
    }
    if (startsWith(bytes, first, "SPDXVersion:")) {
      throw new SbomException(
          source,
          Reason.UNSUPPORTED,
          "SPDX tag-value is not read (SPDX 2.3 JSON only)",
          List.of(),
          null);
    }
    throw new SbomException(
        source,
        Reason.MALFORMED,
        "neither JSON nor XML (media type " + Messages.of(source.mediaType()) + ")",
        List.of(),
        null);
  }

  private static boolean startsWith(byte[] bytes, int from, String prefix) {
    byte[] p = prefix.getBytes(StandardCharsets.US_ASCII);
    if (bytes.length - from < p.length) {
      return false;
    }
    for (int i = 0; i < p.length; i++) {
      if (bytes[from + i] != p[i]) {
        return false;
      }
    }
    return true;
  }

  private static int firstNonSpace(byte[] bytes) {
    int i = 0;
    // A UTF-8 byte order mark is tolerated.
    if (bytes.length >= 3
        && (bytes[0] & 0xff) == 0xef
        && (bytes[1] & 0xff) == 0xbb
        && (bytes[2] & 0xff) == 0xbf) {
      i = 3;
    }
    for (; i < bytes.length; i++) {
      byte b = bytes[i];
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return i;
      }
    }
    return -1;
  }

  private static SbomFormat json(byte[] bytes, SbomSource source) throws SbomException {
    String spdxVersion = null;
    String bomFormat = null;
    String specVersion = null;
    try (JsonParser p = JSON.createParser(bytes)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new SbomException(source, Reason.MALFORMED, "not a JSON object", List.of(), null);
      }
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (value == JsonToken.VALUE_STRING) {
          switch (field) {
            case "spdxVersion" -> spdxVersion = p.getText();
            case "bomFormat" -> bomFormat = p.getText();
            case "specVersion" -> specVersion = p.getText();
            default -> {}
          }
        } else {
          // Walks the whole value: this pass is also the well-formedness check.
          skip(p);
        }
      }
      if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
        throw new SbomException(
            source, Reason.MALFORMED, "trailing content after the JSON object", List.of(), null);
      }
    } catch (IOException e) {
      throw new SbomException(
          source,
          Reason.MALFORMED,
          "malformed JSON",
          List.of(
              Messages.of(
                  e instanceof com.fasterxml.jackson.core.JsonProcessingException j
                      ? j.getOriginalMessage()
                      : e.getMessage())),
          e);
    }
    if (spdxVersion != null) {
      if (spdxVersion.equals("SPDX-2.3")) {
        return SbomFormat.SPDX_2_3;
      }
      throw new SbomException(
          source,
          Reason.UNSUPPORTED,
          "SPDX version " + Messages.of(spdxVersion) + " is not read (SPDX-2.3 only)",
          List.of(),
          null);
    }
    if ("CycloneDX".equals(bomFormat)) {
      return cycloneDx(specVersion, source);
    }
    throw new SbomException(
        source,
        Reason.MALFORMED,
        "JSON but neither SPDX (spdxVersion) nor CycloneDX (bomFormat)",
        List.of(),
        null);
  }

  private static void skip(JsonParser p) throws IOException {
    if (p.currentToken() == JsonToken.START_OBJECT || p.currentToken() == JsonToken.START_ARRAY) {
      int depth = 1;
      while (depth > 0) {
        JsonToken t = p.nextToken();
        if (t == null) {
          throw new IOException("unexpected end of JSON");
        }
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
          depth++;
        } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
          depth--;
        }
      }
    }
  }

  private static SbomFormat cycloneDx(@Nullable String specVersion, SbomSource source)
      throws SbomException {
    if (specVersion == null) {
      throw new SbomException(
          source, Reason.SCHEMA_INVALID, "CycloneDX document without specVersion", List.of(), null);
    }
    return switch (specVersion) {
      case "1.4" -> SbomFormat.CYCLONEDX_1_4;
      case "1.5" -> SbomFormat.CYCLONEDX_1_5;
      case "1.6" -> SbomFormat.CYCLONEDX_1_6;
      default ->
          throw new SbomException(
              source,
              Reason.UNSUPPORTED,
              "CycloneDX version " + Messages.of(specVersion) + " is not read (1.4 to 1.6)",
              List.of(),
              null);
    };
  }

  private static SbomFormat xml(byte[] bytes, SbomSource source) throws SbomException {
    // CycloneDX XML is UTF-8. Checking it strictly here keeps undecodable bytes away from the
    // JDK's XML validator, whose default error handler would print them to standard error.
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
    } catch (CharacterCodingException e) {
      throw new SbomException(
          source, Reason.MALFORMED, "XML that is not valid UTF-8", List.of(), e);
    }
    XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    String namespace = null;
    XMLStreamReader r = null;
    try {
      r = factory.createXMLStreamReader(new ByteArrayInputStream(bytes));
      while (r.hasNext()) {
        int event = r.next();
        if (event == XMLStreamConstants.DTD
            || event == XMLStreamConstants.ENTITY_REFERENCE
            || event == XMLStreamConstants.ENTITY_DECLARATION) {
          throw new SbomException(
              source,
              Reason.EXTERNAL_ENTITY,
              "XML with a DOCTYPE or entity declarations is refused (external entities, entity expansion)",
              List.of(),
              null);
        }
        if (event == XMLStreamConstants.START_ELEMENT && namespace == null) {
          namespace = r.getNamespaceURI() == null ? "" : r.getNamespaceURI();
          if (!r.getLocalName().equals("bom")) {
            throw new SbomException(
                source,
                Reason.MALFORMED,
                "XML root element is " + Messages.of(r.getLocalName()) + ", not a CycloneDX bom",
                List.of(),
                null);
          }
        }
      }
    } catch (XMLStreamException | RuntimeException e) {
      throw new SbomException(
          source, Reason.MALFORMED, "malformed XML", List.of(Messages.of(e.getMessage())), e);
    } finally {
      if (r != null) {
        try {
          r.close();
        } catch (XMLStreamException e) {
          // Nothing was opened that needs closing beyond the in-memory stream.
        }
      }
    }
    if (namespace == null || !namespace.startsWith(CDX_NAMESPACE)) {
      throw new SbomException(
          source,
          Reason.MALFORMED,
          "XML but not in a CycloneDX namespace (" + Messages.of(namespace) + ")",
          List.of(),
          null);
    }
    return cycloneDx(namespace.substring(CDX_NAMESPACE.length()), source);
  }
}
