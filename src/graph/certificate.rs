//! Certificate authentication (`auth.method: certificate`).
//!
//! azure_identity's `ClientCertificateCredential` needs openssl, which this build does not link.
//! The certificate is instead meant to sign a client assertion (an RS256 JWT carrying the
//! certificate's `x5t#S256` thumbprint) passed to `ClientAssertionCredential`; that signer is not
//! built yet, so this method reports a clear error.

use std::path::Path;
use std::sync::Arc;

use azure_core::credentials::TokenCredential;

use crate::environment::GraphSettings;
use crate::error::{Error, Result};

type Factory = Box<dyn Fn() -> Result<Arc<dyn TokenCredential>> + Send + Sync>;

/// The credential factory for `auth.method: certificate`.
pub fn factory(
    _settings: &GraphSettings,
    _client_id: &str,
    certificate_file: &Path,
    _password_env: Option<&str>,
    _http: reqwest::Client,
) -> Result<Factory> {
    Err(Error::Auth {
        message: format!(
            "certificate authentication ({}) is not supported by this build yet",
            certificate_file.display()
        ),
        hint: Some(
            "use client-secret, workload-identity or managed-identity, or obtain a token elsewhere and use \
             `auth.method: token`"
                .into(),
        ),
    })
}
