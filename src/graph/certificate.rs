//! Certificate authentication (`auth.method: certificate`) without openssl: the PEM file's RSA key
//! signs a client assertion (an RS256 JWT whose header carries the certificate's `x5t` and
//! `x5t#S256` thumbprints), which azure_identity's `ClientAssertionCredential` exchanges for a token.
//!
//! Accepted: PEM with a `CERTIFICATE` block (the first one is the app's certificate) and an
//! unencrypted `PRIVATE KEY` (PKCS#8) or `RSA PRIVATE KEY` (PKCS#1) block. PKCS#12 and encrypted
//! keys (hence `passwordEnv`) are refused with the openssl command that converts them: reading them
//! would need a stack of pre-release PKCS#12 crates.

use std::path::Path;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use async_trait::async_trait;
use aws_lc_rs::digest;
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::signature::{RSA_PKCS1_SHA256, RsaKeyPair};
use azure_core::credentials::TokenCredential;
use azure_core::error::ErrorKind;
use azure_core::http::ClientMethodOptions;
use azure_identity::{
    ClientAssertion, ClientAssertionCredential, ClientAssertionCredentialOptions,
};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use serde_json::json;

use crate::environment::GraphSettings;
use crate::error::{Error, Result};
use crate::graph::auth::auth_error;
use crate::graph::authority::client_options;

type Factory = Box<dyn Fn() -> Result<Arc<dyn TokenCredential>> + Send + Sync>;

/// The credential factory for `auth.method: certificate`.
pub fn factory(
    settings: &GraphSettings,
    client_id: &str,
    certificate_file: &Path,
    password_env: Option<&str>,
    http: reqwest::Client,
) -> Result<Factory> {
    let signer = Arc::new(Signer::load(certificate_file, password_env)?);
    let s = settings.clone();
    let client_id = client_id.to_string();
    let audience = format!(
        "{}/{}/oauth2/v2.0/token",
        s.authority.as_str().trim_end_matches('/'),
        s.tenant
    );
    Ok(Box::new(move || {
        let assertion = CertificateAssertion {
            signer: Arc::clone(&signer),
            client_id: client_id.clone(),
            audience: audience.clone(),
        };
        let options = ClientAssertionCredentialOptions {
            client_options: client_options(&s.authority, http.clone()),
        };
        let cred = ClientAssertionCredential::new(
            s.tenant.clone(),
            client_id.clone(),
            assertion,
            Some(options),
        )
        .map_err(|e| auth_error(&e))?;
        Ok(cred as Arc<dyn TokenCredential>)
    }))
}

/// An RSA key and its certificate's thumbprints.
pub struct Signer {
    key: RsaKeyPair,
    x5t: String,
    x5t_s256: String,
}

impl Signer {
    /// Read a PEM file holding the certificate and its unencrypted RSA private key.
    pub fn load(path: &Path, password_env: Option<&str>) -> Result<Signer> {
        let fail = |message: String, hint: Option<&str>| Error::Auth {
            message: format!("certificate {}: {message}", path.display()),
            hint: hint.map(str::to_string),
        };
        let bytes = std::fs::read(path).map_err(|e| fail(format!("cannot read it: {e}"), None))?;
        let Ok(text) = std::str::from_utf8(&bytes) else {
            return Err(fail(
                "is not a PEM file (PKCS#12 / .pfx files are not supported)".into(),
                Some("convert it: openssl pkcs12 -in cert.pfx -out cert.pem -nodes"),
            ));
        };
        let encrypted = text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")
            || text.contains("Proc-Type: 4,ENCRYPTED");
        if encrypted || password_env.is_some() {
            return Err(fail(
                "password-protected keys (auth.passwordEnv) are not supported yet".into(),
                Some(
                    "decrypt it into a file only the pipeline can read: openssl pkey -in cert.pem -out key.pem, then append the certificate",
                ),
            ));
        }
        let cert = pem_block(text, "CERTIFICATE").ok_or_else(|| {
            fail(
                "has no CERTIFICATE block".into(),
                Some("the file needs the certificate and the private key, both PEM"),
            )
        })?;
        let key = match (
            pem_block(text, "PRIVATE KEY"),
            pem_block(text, "RSA PRIVATE KEY"),
        ) {
            (Some(pkcs8), _) => RsaKeyPair::from_pkcs8(&pkcs8),
            (None, Some(pkcs1)) => RsaKeyPair::from_der(&pkcs1),
            (None, None) => {
                return Err(fail(
                    "has no PRIVATE KEY block".into(),
                    Some("the file needs the certificate and the private key, both PEM"),
                ));
            }
        }
        .map_err(|e| {
            fail(
                format!("the private key is not a usable RSA key ({e})"),
                None,
            )
        })?;
        Ok(Signer {
            key,
            x5t: URL_SAFE_NO_PAD.encode(digest::digest(&digest::SHA1_FOR_LEGACY_USE_ONLY, &cert)),
            x5t_s256: URL_SAFE_NO_PAD.encode(digest::digest(&digest::SHA256, &cert)),
        })
    }

    /// A signed client assertion for `client_id` at the token endpoint `audience`, valid 10 minutes.
    pub fn assertion(&self, client_id: &str, audience: &str, now: SystemTime) -> Result<String> {
        let now = now
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        let header =
            json!({"alg": "RS256", "typ": "JWT", "x5t": self.x5t, "x5t#S256": self.x5t_s256});
        let claims = json!({
            "aud": audience, "iss": client_id, "sub": client_id,
            "jti": uuid::Uuid::new_v4().to_string(), "iat": now, "nbf": now, "exp": now + 600,
        });
        let signing_input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        );
        let mut signature = vec![0; self.key.public_modulus_len()];
        self.key
            .sign(
                &RSA_PKCS1_SHA256,
                &SystemRandom::new(),
                signing_input.as_bytes(),
                &mut signature,
            )
            .map_err(|_| Error::Auth {
                message: "cannot sign the client assertion with the certificate's key".into(),
                hint: None,
            })?;
        Ok(format!(
            "{signing_input}.{}",
            URL_SAFE_NO_PAD.encode(signature)
        ))
    }
}

/// The body of the first `-----BEGIN {label}-----` block, base64-decoded.
fn pem_block(text: &str, label: &str) -> Option<Vec<u8>> {
    let begin = format!("-----BEGIN {label}-----");
    let end = format!("-----END {label}-----");
    let start = text.find(&begin)? + begin.len();
    let stop = start + text[start..].find(&end)?;
    let body: String = text[start..stop]
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    STANDARD.decode(body).ok()
}

struct CertificateAssertion {
    signer: Arc<Signer>,
    client_id: String,
    audience: String,
}

impl std::fmt::Debug for CertificateAssertion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CertificateAssertion")
            .field("client_id", &self.client_id)
            .finish_non_exhaustive()
    }
}

#[async_trait]
impl ClientAssertion for CertificateAssertion {
    async fn secret(
        &self,
        _options: Option<ClientMethodOptions<'_>>,
    ) -> azure_core::Result<String> {
        self.signer
            .assertion(&self.client_id, &self.audience, SystemTime::now())
            .map_err(|e| azure_core::Error::with_message(ErrorKind::Credential, e.to_string()))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn pem_blocks_are_found_by_label() {
        let text = "junk\n-----BEGIN CERTIFICATE-----\nAAEC\nAw==\n-----END CERTIFICATE-----\n";
        assert_eq!(pem_block(text, "CERTIFICATE"), Some(vec![0, 1, 2, 3]));
        assert_eq!(pem_block(text, "PRIVATE KEY"), None);
    }
}
