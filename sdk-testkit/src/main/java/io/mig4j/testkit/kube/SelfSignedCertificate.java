package io.mig4j.testkit.kube;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;

/**
 * A self-signed ECDSA P-256 certificate for {@code 127.0.0.1} and {@code localhost}, written by hand in DER
 * (RFC 5280) because the JDK has no public API that issues certificates. It is its own CA, so a kubeconfig's
 * {@code certificate-authority-data} can carry it; Go's verifier (kubectl) needs the IP in the subject alternative
 * names, which it has.
 */
final class SelfSignedCertificate {
    private static final char[] PASSWORD = "mig4j-changeit".toCharArray();
    private static final byte[] OID_EC_SHA256 = {0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x04, 0x03, 0x02};
    private static final byte[] OID_CN = {0x55, 0x04, 0x03};
    private static final byte[] OID_BASIC_CONSTRAINTS = {0x55, 0x1d, 0x13};
    private static final byte[] OID_KEY_USAGE = {0x55, 0x1d, 0x0f};
    private static final byte[] OID_EXT_KEY_USAGE = {0x55, 0x1d, 0x25};
    private static final byte[] OID_SUBJECT_ALT_NAME = {0x55, 0x1d, 0x11};
    private static final byte[] OID_SERVER_AUTH = {0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01};

    final X509Certificate certificate;
    final KeyPair keys;

    private SelfSignedCertificate(X509Certificate certificate, KeyPair keys) {
        this.certificate = certificate;
        this.keys = keys;
    }

    static SelfSignedCertificate generate() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair keys = g.generateKeyPair();
            byte[] serial = new byte[16];
            new SecureRandom().nextBytes(serial);
            serial[0] &= 0x7f;
            byte[] algorithm = seq(oid(OID_EC_SHA256));
            byte[] name = seq(set(seq(oid(OID_CN), tlv(0x0c, "mig4j-mock-kube-apiserver".getBytes(StandardCharsets.UTF_8)))));
            ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
            byte[] validity = seq(utcTime(now.minusHours(1)), utcTime(now.plusYears(10)));
            byte[] sans = seq(tlv(0x87, new byte[] {127, 0, 0, 1}), tlv(0x82, "localhost".getBytes(StandardCharsets.US_ASCII)));
            byte[] extensions = tlv(0xa3, seq(
                    seq(oid(OID_BASIC_CONSTRAINTS), bool(true), octets(seq(bool(true)))),
                    // digitalSignature (bit 0) and keyCertSign (bit 5): 0b10000100, 2 unused bits
                    seq(oid(OID_KEY_USAGE), bool(true), octets(tlv(0x03, new byte[] {0x02, (byte) 0x84}))),
                    seq(oid(OID_EXT_KEY_USAGE), octets(seq(oid(OID_SERVER_AUTH)))),
                    seq(oid(OID_SUBJECT_ALT_NAME), octets(sans))));
            byte[] tbs = seq(tlv(0xa0, tlv(0x02, new byte[] {2})), tlv(0x02, new BigInteger(1, serial).toByteArray()),
                    algorithm, name, validity, name, keys.getPublic().getEncoded(), extensions);
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(keys.getPrivate());
            signer.update(tbs);
            byte[] signature = signer.sign();
            byte[] bitString = new byte[signature.length + 1];
            System.arraycopy(signature, 0, bitString, 1, signature.length);
            byte[] der = seq(tbs, algorithm, tlv(0x03, bitString));
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
            return new SelfSignedCertificate(cert, keys);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create a self-signed certificate", e);
        }
    }

    /** The certificate in PEM. */
    String pem() {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A PKCS#12 key store with the key and certificate, for Jetty. */
    Path writeKeyStore(Path file) throws IOException {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("mig4j", keys.getPrivate(), PASSWORD, new Certificate[] {certificate});
            try (OutputStream out = Files.newOutputStream(file)) {
                ks.store(out, PASSWORD);
            }
            return file;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot write the key store", e);
        }
    }

    static String password() {
        return new String(PASSWORD);
    }

    // ---- DER

    private static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int len = value.length;
        if (len < 128) {
            out.write(len);
        } else if (len < 256) {
            out.write(0x81);
            out.write(len);
        } else {
            out.write(0x82);
            out.write(len >> 8);
            out.write(len & 0xff);
        }
        out.writeBytes(value);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] seq(byte[]... parts) {
        return tlv(0x30, concat(parts));
    }

    private static byte[] set(byte[]... parts) {
        return tlv(0x31, concat(parts));
    }

    private static byte[] oid(byte[] encoded) {
        return tlv(0x06, encoded);
    }

    private static byte[] bool(boolean b) {
        return tlv(0x01, new byte[] {(byte) (b ? 0xff : 0)});
    }

    private static byte[] octets(byte[] b) {
        return tlv(0x04, b);
    }

    private static byte[] utcTime(ZonedDateTime t) {
        return tlv(0x17, t.format(DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'")).getBytes(StandardCharsets.US_ASCII));
    }
}
