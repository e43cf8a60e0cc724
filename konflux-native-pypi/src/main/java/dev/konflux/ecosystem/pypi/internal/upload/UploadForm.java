package dev.konflux.ecosystem.pypi.internal.upload;

import dev.konflux.ecosystem.pypi.internal.dist.CoreMetadata;
import dev.konflux.ecosystem.pypi.internal.dist.DistFileName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The form fields of a legacy upload API request ({@code :action=file_upload}, {@code
 * protocol_version=1}), the way twine fills them from a distribution's core metadata, plus {@code
 * attestations} (a JSON array of PEP 740 attestations) when there are any.
 */
public final class UploadForm {
  private UploadForm() {}

  /** Core metadata fields and the form fields they become, in twine's order; true = repeated. */
  private static final List<Object[]> FIELDS =
      List.of(
          new Object[] {"Summary", "summary", false},
          new Object[] {"Home-page", "home_page", false},
          new Object[] {"Author", "author", false},
          new Object[] {"Author-email", "author_email", false},
          new Object[] {"Maintainer", "maintainer", false},
          new Object[] {"Maintainer-email", "maintainer_email", false},
          new Object[] {"License", "license", false},
          new Object[] {"Description", "description", false},
          new Object[] {"Keywords", "keywords", false},
          new Object[] {"Platform", "platform", true},
          new Object[] {"Classifier", "classifiers", true},
          new Object[] {"Download-URL", "download_url", false},
          new Object[] {"Supported-Platform", "supported_platform", true},
          new Object[] {"Provides", "provides", true},
          new Object[] {"Requires", "requires", true},
          new Object[] {"Obsoletes", "obsoletes", true},
          new Object[] {"Project-URL", "project_urls", true},
          new Object[] {"Provides-Dist", "provides_dist", true},
          new Object[] {"Obsoletes-Dist", "obsoletes_dist", true},
          new Object[] {"Requires-Dist", "requires_dist", true},
          new Object[] {"Requires-External", "requires_external", true},
          new Object[] {"Requires-Python", "requires_python", false},
          new Object[] {"Provides-Extra", "provides_extras", true},
          new Object[] {"Description-Content-Type", "description_content_type", false});

  /**
   * @param name the distribution's parsed file name
   * @param metadata its core metadata
   * @param md5 hex MD5 of the file (twine sends it; the index may check it)
   * @param sha256 hex SHA-256
   * @param blake2b256 hex BLAKE2b-256
   * @param attestations the JSON array of its attestations, or {@code null}
   * @return the fields in order, each name with its values (repeated fields have several)
   */
  public static Map<String, List<String>> fields(
      DistFileName name,
      CoreMetadata metadata,
      String md5,
      String sha256,
      String blake2b256,
      @Nullable String attestations) {
    Map<String, List<String>> f = new LinkedHashMap<>();
    // twine sends setuptools' "safe name": runs of characters other than letters, digits and dots
    // become one dash (the index normalises the name anyway).
    put(f, "name", metadata.first("Name").orElse(name.name()).replaceAll("[^A-Za-z0-9.]+", "-"));
    put(f, "version", metadata.first("Version").orElse(name.version().normalized()));
    put(f, "filetype", name.uploadFileType());
    put(f, "pyversion", name.uploadPyVersion());
    put(f, "metadata_version", metadata.first("Metadata-Version").orElse(""));
    for (Object[] field : FIELDS) {
      String header = (String) field[0];
      String form = (String) field[1];
      List<String> values = new ArrayList<>(metadata.all(header));
      if (header.equals("Description") && values.isEmpty() && !metadata.body().isEmpty()) {
        values.add(metadata.body());
      }
      if ((Boolean) field[2]) {
        f.put(form, values);
      } else if (!values.isEmpty()) {
        put(f, form, values.get(0));
      }
    }
    put(f, "md5_digest", md5);
    put(f, "sha256_digest", sha256);
    put(f, "blake2_256_digest", blake2b256);
    put(f, ":action", "file_upload");
    put(f, "protocol_version", "1");
    if (attestations != null) {
      put(f, "attestations", attestations);
    }
    return f;
  }

  private static void put(Map<String, List<String>> f, String key, String value) {
    f.put(key, List.of(value));
  }
}
