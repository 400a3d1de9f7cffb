//! The server's certificate: PEM files given by the operator, or a self-signed one generated
//! once into the data directory and reused on later starts.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};

use crate::net::tls::Identity;

/// Why no certificate could be had.
#[derive(Debug, thiserror::Error)]
pub enum CertificateError {
    /// A file could not be read or written.
    #[error("{path}: {error}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        error: io::Error,
    },
    /// A file holds no usable PEM certificate or key.
    #[error("{path}: no PEM {what} found")]
    Pem {
        /// The file.
        path: PathBuf,
        /// `certificate` or `private key`.
        what: &'static str,
    },
    /// rcgen could not make a certificate.
    #[error("cannot generate a certificate: {0}")]
    Generate(#[from] rcgen::Error),
}

/// Reads a certificate chain and its key from PEM files.
///
/// # Errors
/// A file is missing or holds no PEM certificate (key).
pub fn load(cert: &Path, key: &Path) -> Result<Identity, CertificateError> {
    let read = |path: &Path| {
        fs::read(path).map_err(|error| CertificateError::Io {
            path: path.to_owned(),
            error,
        })
    };
    let cert_pem = read(cert)?;
    let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(&cert_pem)
        .filter_map(Result::ok)
        .collect();
    if chain.is_empty() {
        return Err(CertificateError::Pem {
            path: cert.to_owned(),
            what: "certificate",
        });
    }
    let key = PrivateKeyDer::from_pem_slice(&read(key)?).map_err(|_| CertificateError::Pem {
        path: key.to_owned(),
        what: "private key",
    })?;
    Ok(Identity { chain, key })
}

/// The self-signed certificate in `dir` (`cert.pem`, `key.pem`), generated for `names` the
/// first time; returns it and the certificate's path (for clients to trust).
///
/// # Errors
/// The files cannot be written or read back, or generation failed.
pub fn self_signed_in(dir: &Path, names: &[&str]) -> Result<(Identity, PathBuf), CertificateError> {
    let cert = dir.join("cert.pem");
    let key = dir.join("key.pem");
    if !cert.exists() || !key.exists() {
        let io = |path: &Path| {
            let path = path.to_owned();
            move |error| CertificateError::Io { path, error }
        };
        fs::create_dir_all(dir).map_err(io(dir))?;
        let identity = Identity::self_signed(names)?;
        write_private(&key, identity.key_pem().as_bytes()).map_err(io(&key))?;
        fs::write(&cert, identity.certificate_pem()).map_err(io(&cert))?;
    }
    Ok((load(&cert, &key)?, cert))
}

/// Writes a file only its owner can read (a private key).
fn write_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write as _;
    let mut options = fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_once_then_reused() {
        let dir = std::env::temp_dir().join(format!("mail-cert-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let (first, path) = self_signed_in(&dir, &["localhost"]).unwrap();
        assert_eq!(path, dir.join("cert.pem"));
        let (second, _) = self_signed_in(&dir, &["localhost"]).unwrap();
        assert_eq!(first.chain, second.chain);
        assert!(first.server_config().is_ok());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = fs::metadata(dir.join("key.pem"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        fs::write(dir.join("empty.pem"), b"nothing").unwrap();
        let err = load(&dir.join("empty.pem"), &dir.join("key.pem")).unwrap_err();
        assert!(
            err.to_string()
                .ends_with("empty.pem: no PEM certificate found")
        );
        fs::remove_dir_all(&dir).unwrap();
    }
}
