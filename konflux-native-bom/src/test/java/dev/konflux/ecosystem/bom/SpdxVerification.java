package dev.konflux.ecosystem.bom;

import java.io.ByteArrayInputStream;
import java.util.List;
import org.spdx.jacksonstore.MultiFormatStore;
import org.spdx.library.SpdxModelFactory;
import org.spdx.library.model.v2.SpdxDocument;
import org.spdx.storage.simple.InMemSpdxStore;

/** Runs java-spdx-library's own {@code verify()} on SPDX JSON bytes, independent of our reader. */
final class SpdxVerification {
  private SpdxVerification() {}

  static List<String> verify(byte[] json) throws Exception {
    System.setProperty("org.spdx.useJARLicenseInfoOnly", "true");
    SpdxModelFactory.init();
    MultiFormatStore store =
        new MultiFormatStore(new InMemSpdxStore(), MultiFormatStore.Format.JSON);
    SpdxDocument doc = store.deSerialize(new ByteArrayInputStream(json), false);
    return doc.verify("SPDX-2.3");
  }
}
