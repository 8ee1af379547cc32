package dev.ddns.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The leaf certificate an ACME client saved, read with the JDK's X.509 parser. */
record IssuedCertificate(X509Certificate certificate) {
  private static final int DNS_NAME = 2;

  /** The first certificate of the PEM file (the leaf of a full chain). */
  static IssuedCertificate read(Path pem) {
    try (InputStream in = Files.newInputStream(pem)) {
      return new IssuedCertificate(
          (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (CertificateException e) {
      throw new AssertionError(pem + " holds no X.509 certificate", e);
    }
  }

  /** The subject alternative names of type dNSName (RFC 5280 §4.2.1.6). */
  Set<String> dnsNames() {
    Set<String> names = new TreeSet<>();
    try {
      Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
      if (alternatives != null) {
        for (List<?> name : alternatives) {
          if ((Integer) name.get(0) == DNS_NAME) {
            names.add((String) name.get(1));
          }
        }
      }
    } catch (CertificateParsingException e) {
      throw new AssertionError("unreadable subjectAltName in " + certificate, e);
    }
    return names;
  }

  String issuer() {
    return certificate.getIssuerX500Principal().getName();
  }
}
