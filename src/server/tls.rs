//! TLS material for `aiperture serve`: the certificate chain and private key that
//! `[server] tls_cert` and `[server] tls_key` name, read and checked before the server binds.
//!
//! A [`Tls`] always holds at least one certificate and a private key that the ring provider can
//! sign with and that matches the first (end-entity) certificate: it is parsed here with the
//! same rustls 0.23 and PEM parser the vendored tiny_http serves with, so what passed here is
//! what tiny_http accepts, and a bad file stops `serve` before it listens, with an error naming
//! the setting, the file and what is wrong (missing, unreadable, no certificate, no key, a key
//! that is not the certificate's). The files are read once, at start; replacing them needs a
//! restart. The key's bytes never appear in `Debug` output.

use std::fmt;
use std::path::{Path, PathBuf};

use rustls::pki_types::pem::{self, PemObject};
use rustls::pki_types::{CertificateDer, PrivateKeyDer};

use crate::error::{Error, Result};

/// Where the certificate and its key are (`[server] tls_cert`, `[server] tls_key`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsFiles {
    /// PEM file of the certificate chain, end-entity certificate first.
    pub cert: PathBuf,
    /// PEM file of the private key (PKCS#8, PKCS#1 or SEC1; not encrypted).
    pub key: PathBuf,
}

/// A checked certificate chain and matching private key, as PEM.
#[derive(Clone)]
pub struct Tls {
    cert_pem: Vec<u8>,
    key_pem: Vec<u8>,
    /// Certificates in the chain.
    chain_len: usize,
}

impl fmt::Debug for Tls {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Tls")
            .field("cert_pem", &format_args!("{} bytes", self.cert_pem.len()))
            .field("key_pem", &"<redacted>")
            .field("chain_len", &self.chain_len)
            .finish()
    }
}

const CERT: &str = "server.tls_cert";
const KEY: &str = "server.tls_key";

impl Tls {
    /// Read both files and check them (see [`Tls::from_pem`]).
    pub fn load(files: &TlsFiles) -> Result<Tls> {
        let cert = read(CERT, &files.cert)?;
        let key = read(KEY, &files.key)?;
        Tls::from_pem(cert, key, files)
    }

    /// Check PEM bytes read from `files` (named in errors): at least one certificate, a private
    /// key ring can use, and the key matching the first certificate.
    pub fn from_pem(cert_pem: Vec<u8>, key_pem: Vec<u8>, files: &TlsFiles) -> Result<Tls> {
        let (cert_path, key_path) = (files.cert.display(), files.key.display());
        let chain = CertificateDer::pem_slice_iter(&cert_pem)
            .collect::<std::result::Result<Vec<_>, _>>()
            .map_err(|e| invalid(format!("`{CERT}`: {cert_path} is not valid PEM: {e}")))?;
        if chain.is_empty() {
            return Err(invalid(format!(
                "`{CERT}`: {cert_path} holds no certificate (a PEM \"BEGIN CERTIFICATE\" block)"
            )));
        }
        let key = PrivateKeyDer::from_pem_slice(&key_pem).map_err(|e| match e {
            pem::Error::NoItemsFound => invalid(format!(
                "`{KEY}`: {key_path} holds no private key (a PEM \"BEGIN PRIVATE KEY\", \
                 \"BEGIN RSA PRIVATE KEY\" or \"BEGIN EC PRIVATE KEY\" block; encrypted keys \
                 are not supported)"
            )),
            e => invalid(format!("`{KEY}`: {key_path} is not valid PEM: {e}")),
        })?;
        // ring, the provider ureq and tiny_http use (rustls 0.23.48 deprecates it only to
        // point to aws-lc-rs's post-quantum key exchange, which needs a C toolchain).
        #[allow(deprecated)]
        let provider = rustls::crypto::ring::default_provider();
        let signing = provider.key_provider.load_private_key(key).map_err(|e| {
            invalid(format!("`{KEY}`: {key_path} holds a private key that cannot be used: {e}"))
        })?;
        let chain_len = chain.len();
        match rustls::sign::CertifiedKey::new(chain, signing).keys_match() {
            // The provider cannot tell the key's public half: rustls serves it as it is.
            Ok(()) | Err(rustls::Error::InconsistentKeys(rustls::InconsistentKeys::Unknown)) => {}
            Err(rustls::Error::InconsistentKeys(_)) => {
                return Err(invalid(format!(
                    "`{KEY}`: the private key in {key_path} does not match the certificate in \
                     {cert_path} (the first certificate must be the server's own)"
                )));
            }
            Err(e) => {
                return Err(invalid(format!(
                    "`{CERT}`: the first certificate in {cert_path} cannot be parsed: {e}"
                )));
            }
        }
        Ok(Tls { cert_pem, key_pem, chain_len })
    }

    /// The certificate chain, as PEM.
    pub fn cert_pem(&self) -> &[u8] {
        &self.cert_pem
    }

    /// The private key, as PEM.
    pub fn key_pem(&self) -> &[u8] {
        &self.key_pem
    }
}

fn invalid(message: String) -> Error {
    Error::Invalid(message)
}

fn read(setting: &str, path: &Path) -> Result<Vec<u8>> {
    if path.as_os_str().is_empty() {
        return Err(invalid(format!(
            "`{setting}` is empty: TLS needs both `{CERT}` and `{KEY}` (or neither, for plain \
             HTTP)"
        )));
    }
    std::fs::read(path).map_err(|e| {
        invalid(if e.kind() == std::io::ErrorKind::NotFound {
            format!("`{setting}`: {} does not exist", path.display())
        } else {
            format!("`{setting}`: cannot read {}: {e}", path.display())
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(dir: &Path) -> TlsFiles {
        TlsFiles { cert: dir.join("cert.pem"), key: dir.join("key.pem") }
    }

    fn pair(name: &str) -> (String, String) {
        let key = rcgen::KeyPair::generate().unwrap();
        let cert = rcgen::CertificateParams::new(vec![name.to_string()])
            .unwrap()
            .self_signed(&key)
            .unwrap();
        (cert.pem(), key.serialize_pem())
    }

    fn message(r: Result<Tls>) -> String {
        r.unwrap_err().to_string()
    }

    #[test]
    fn a_matching_pair_loads() {
        let dir = tempfile::tempdir().unwrap();
        let f = files(dir.path());
        let (cert, key) = pair("localhost");
        std::fs::write(&f.cert, &cert).unwrap();
        std::fs::write(&f.key, &key).unwrap();
        let tls = Tls::load(&f).unwrap();
        assert_eq!(tls.cert_pem(), cert.as_bytes());
        assert_eq!(tls.key_pem(), key.as_bytes());
        assert!(!format!("{tls:?}").contains("PRIVATE"), "Debug shows no key");
    }

    #[test]
    fn a_missing_file_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let f = files(dir.path());
        let m = message(Tls::load(&f));
        assert!(m.contains("`server.tls_cert`") && m.contains("does not exist"), "{m}");
        std::fs::write(&f.cert, pair("localhost").0).unwrap();
        let m = message(Tls::load(&f));
        assert!(m.contains("`server.tls_key`") && m.contains("does not exist"), "{m}");
    }

    #[test]
    fn an_unreadable_file_is_named() {
        let dir = tempfile::tempdir().unwrap();
        // A folder cannot be read as a file (works as root too, unlike permission bits).
        let f = TlsFiles { cert: dir.path().to_path_buf(), key: dir.path().join("key.pem") };
        let m = message(Tls::load(&f));
        assert!(m.contains("`server.tls_cert`: cannot read"), "{m}");
    }

    #[test]
    fn an_empty_path_needs_both() {
        let f = TlsFiles { cert: PathBuf::from("cert.pem"), key: PathBuf::new() };
        let (cert, _) = pair("localhost");
        let dir = tempfile::tempdir().unwrap();
        let f = TlsFiles { cert: dir.path().join(f.cert), key: f.key };
        std::fs::write(&f.cert, cert).unwrap();
        let m = message(Tls::load(&f));
        assert!(m.contains("`server.tls_key` is empty"), "{m}");
    }

    #[test]
    fn a_file_without_a_certificate_is_refused() {
        let f = files(Path::new("/x"));
        let (cert, key) = pair("localhost");
        // The key where the certificate should be, and an empty file.
        for bad in [key.clone(), String::new(), "hello\n".into()] {
            let m = message(Tls::from_pem(bad.into_bytes(), key.clone().into_bytes(), &f));
            assert!(m.contains("/x/cert.pem holds no certificate"), "{m}");
        }
        // A certificate block whose base64 is broken.
        let broken = cert.replacen("MII", "M!I", 1);
        let m = message(Tls::from_pem(broken.into_bytes(), key.into_bytes(), &f));
        assert!(m.contains("`server.tls_cert`: /x/cert.pem is not valid PEM"), "{m}");
    }

    #[test]
    fn a_certificate_that_is_not_der_is_refused() {
        let f = files(Path::new("/x"));
        let (_, key) = pair("localhost");
        let junk = "-----BEGIN CERTIFICATE-----\naGVsbG8gd29ybGQ=\n-----END CERTIFICATE-----\n";
        let m = message(Tls::from_pem(junk.into(), key.into_bytes(), &f));
        assert!(m.contains("the first certificate in /x/cert.pem cannot be parsed"), "{m}");
    }

    #[test]
    fn a_file_without_a_key_is_refused() {
        let f = files(Path::new("/x"));
        let (cert, _) = pair("localhost");
        // The certificate where the key should be.
        let m = message(Tls::from_pem(cert.clone().into_bytes(), cert.clone().into_bytes(), &f));
        assert!(m.contains("`server.tls_key`: /x/key.pem holds no private key"), "{m}");
        // An encrypted key is not read.
        let enc = "-----BEGIN ENCRYPTED PRIVATE KEY-----\naGVsbG8=\n-----END ENCRYPTED PRIVATE KEY-----\n";
        let m = message(Tls::from_pem(cert.clone().into_bytes(), enc.into(), &f));
        assert!(m.contains("holds no private key") && m.contains("encrypted"), "{m}");
        // A key block that is not a key.
        let junk = "-----BEGIN PRIVATE KEY-----\naGVsbG8gd29ybGQ=\n-----END PRIVATE KEY-----\n";
        let m = message(Tls::from_pem(cert.into_bytes(), junk.into(), &f));
        assert!(m.contains("/x/key.pem holds a private key that cannot be used"), "{m}");
    }

    #[test]
    fn a_key_of_another_certificate_is_refused() {
        let f = files(Path::new("/x"));
        let (cert, _) = pair("localhost");
        let (_, other_key) = pair("localhost");
        let m = message(Tls::from_pem(cert.into_bytes(), other_key.into_bytes(), &f));
        assert!(
            m.contains(
                "the private key in /x/key.pem does not match the certificate in /x/cert.pem"
            ),
            "{m}"
        );
    }
}
