//! Where the API token comes from: `CONTROLROOM_TOKEN` for headless runs, else the operating
//! system's secret store. Never the settings file, never the database.

use std::sync::Mutex;

/// The environment variable that carries the token for headless runs.
pub const TOKEN_ENV: &str = "CONTROLROOM_TOKEN";
/// The secret store's service and account names of the token.
pub const KEYRING_SERVICE: &str = "controlroom";
pub const KEYRING_ACCOUNT: &str = "api-token";

#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    #[error("the OS secret store cannot be read ({0}); set {TOKEN_ENV} instead")]
    Store(String),
}

/// A place that may hold the token. Behind a trait because no secret service runs in CI.
pub trait SecretStore: Send + Sync {
    fn get(&self) -> Result<Option<String>, TokenError>;
    fn set(&self, token: &str) -> Result<(), TokenError>;
}

/// The operating system's secret store (Secret Service, Keychain, Credential Manager).
pub struct KeyringStore;

impl KeyringStore {
    fn entry() -> Result<keyring::Entry, TokenError> {
        keyring::Entry::new(KEYRING_SERVICE, KEYRING_ACCOUNT)
            .map_err(|e| TokenError::Store(e.to_string()))
    }
}

impl SecretStore for KeyringStore {
    fn get(&self) -> Result<Option<String>, TokenError> {
        match Self::entry()?.get_password() {
            Ok(t) => Ok(Some(t)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(TokenError::Store(e.to_string())),
        }
    }

    fn set(&self, token: &str) -> Result<(), TokenError> {
        Self::entry()?
            .set_password(token)
            .map_err(|e| TokenError::Store(e.to_string()))
    }
}

/// A store in memory, for tests and for a session that must not touch the OS.
#[derive(Default)]
pub struct MemoryStore(Mutex<Option<String>>);

impl SecretStore for MemoryStore {
    fn get(&self) -> Result<Option<String>, TokenError> {
        Ok(self.0.lock().unwrap_or_else(|p| p.into_inner()).clone())
    }

    fn set(&self, token: &str) -> Result<(), TokenError> {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = Some(token.to_string());
        Ok(())
    }
}

/// The token: the environment's if set and not empty, else the store's. A store that cannot be
/// read means "no token" (a server that needs one will answer 401, whose message says what to
/// do); the store's error is returned alongside for the caller to show.
pub fn resolve(
    env: Option<String>,
    store: &dyn SecretStore,
) -> (Option<String>, Option<TokenError>) {
    if let Some(t) = env.map(|t| t.trim().to_string()).filter(|t| !t.is_empty()) {
        return (Some(t), None);
    }
    match store.get() {
        Ok(t) => (t.filter(|t| !t.trim().is_empty()), None),
        Err(e) => (None, Some(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Broken;
    impl SecretStore for Broken {
        fn get(&self) -> Result<Option<String>, TokenError> {
            Err(TokenError::Store("no secret service".into()))
        }
        fn set(&self, _: &str) -> Result<(), TokenError> {
            Err(TokenError::Store("no secret service".into()))
        }
    }

    #[test]
    fn the_environment_wins_over_the_store() {
        let store = MemoryStore::default();
        store.set("from-store").unwrap();
        assert_eq!(
            resolve(Some("from-env".into()), &store).0.as_deref(),
            Some("from-env")
        );
        assert_eq!(
            resolve(Some("  ".into()), &store).0.as_deref(),
            Some("from-store")
        );
        assert_eq!(resolve(None, &store).0.as_deref(), Some("from-store"));
        assert_eq!(resolve(None, &MemoryStore::default()).0, None);
    }

    #[test]
    fn an_unreadable_store_means_no_token_and_says_why() {
        let (token, err) = resolve(None, &Broken);
        assert_eq!(token, None);
        assert!(err.unwrap().to_string().contains(TOKEN_ENV));
        assert_eq!(resolve(Some("t".into()), &Broken).0.as_deref(), Some("t"));
    }
}
