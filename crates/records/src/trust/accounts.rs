//! Supervisor accounts and the log of sign attempts.

use std::time::{SystemTime, UNIX_EPOCH};

use ed25519_dalek::SigningKey;
use rusqlite::{Connection, OptionalExtension, params};

use super::SignError;
use super::crypto::{self, CryptoError, KdfCost, SealedKey};
use crate::results::{ResultsStore, StoreError};

/// A passphrase has at least this many characters.
pub const MIN_PASSPHRASE_CHARS: usize = 8;
/// And at most this many: argon2 takes any length, but a paste of a whole file is a mistake.
pub const MAX_PASSPHRASE_CHARS: usize = 1024;
/// A supervisor's name has at most this many characters.
pub const MAX_NAME_CHARS: usize = 64;

/// An account to add.
#[derive(Debug, Clone, Copy)]
pub struct NewSupervisor<'a> {
    pub name: &'a str,
    pub passphrase: &'a str,
    /// `YYYY-MM-DD HH:MM`, from the caller's clock.
    pub created_at: &'a str,
    /// [`KdfCost::default`] outside tests.
    pub cost: KdfCost,
}

/// A supervisor account as listed: who, since when, and the public key that checks their
/// signatures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Supervisor {
    pub name: String,
    pub created_at: String,
    pub public_key: [u8; 32],
}

impl Supervisor {
    /// The key's short fingerprint to read out (see [`crypto::fingerprint`]).
    pub fn fingerprint(&self) -> String {
        crypto::fingerprint(&self.public_key)
    }
}

/// Why an account was not added.
#[derive(Debug)]
pub enum AccountError {
    EmptyName,
    /// Longer than [`MAX_NAME_CHARS`], or holding a line break or other control character
    /// (the keys file has one name per line).
    BadName(String),
    PassphraseTooShort,
    PassphraseTooLong,
    Exists(String),
    /// The system's random source or argon2 failed.
    Crypto(String),
    Store(StoreError),
}

impl std::fmt::Display for AccountError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AccountError::EmptyName => write!(f, "a supervisor needs a name"),
            AccountError::BadName(name) => write!(
                f,
                "`{}` cannot be a supervisor's name: use at most {MAX_NAME_CHARS} characters \
                 and no line breaks or tabs",
                name.escape_debug()
            ),
            AccountError::PassphraseTooShort => write!(
                f,
                "the passphrase is too short: use at least {MIN_PASSPHRASE_CHARS} characters \
                 (a few words are easier to remember than symbols)"
            ),
            AccountError::PassphraseTooLong => write!(
                f,
                "the passphrase is too long: use at most {MAX_PASSPHRASE_CHARS} characters"
            ),
            AccountError::Exists(name) => write!(
                f,
                "there is already a supervisor account named `{name}`: accounts are never \
                 replaced; choose another name"
            ),
            AccountError::Crypto(why) => write!(f, "the account could not be made: {why}"),
            AccountError::Store(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for AccountError {}

/// How a sign attempt ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignOutcome {
    Signed,
    NoAccount,
    WrongPassphrase,
    /// The passphrase was right but the sign-off was refused (the run does not match its
    /// seal, or the account's key does not open).
    Refused,
}

impl SignOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            SignOutcome::Signed => "signed",
            SignOutcome::NoAccount => "no account",
            SignOutcome::WrongPassphrase => "wrong passphrase",
            SignOutcome::Refused => "refused",
        }
    }

    fn parse(text: &str) -> Option<SignOutcome> {
        [
            SignOutcome::Signed,
            SignOutcome::NoAccount,
            SignOutcome::WrongPassphrase,
            SignOutcome::Refused,
        ]
        .into_iter()
        .find(|outcome| outcome.as_str() == text)
    }
}

/// One line of the sign attempts' log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignAttempt {
    /// Seconds since 1970 (UTC) by the computer's clock.
    pub attempted_at: i64,
    pub supervisor: String,
    pub run: Option<i64>,
    pub outcome: SignOutcome,
}

/// An account's row, with what opens its key.
pub(super) struct Account {
    name: String,
    passphrase_hash: String,
    public_key: [u8; 32],
    sealed: SealedKey,
}

impl Account {
    /// The account's signing key, if `passphrase` is its passphrase.
    pub(super) fn unseal(&self, passphrase: &str) -> Result<SigningKey, SignError> {
        let name = || self.name.clone();
        let matches = crypto::passphrase_matches(passphrase, &self.passphrase_hash)
            .map_err(|_| SignError::KeyDoesNotOpen(name()))?;
        if !matches {
            return Err(SignError::WrongPassphrase(name()));
        }
        crypto::unseal_key(&self.sealed, &self.name, &self.public_key, passphrase)
            .map_err(|_| SignError::KeyDoesNotOpen(name()))
    }
}

fn check_new(new: &NewSupervisor) -> Result<(), AccountError> {
    let name = new.name;
    if name.trim().is_empty() {
        return Err(AccountError::EmptyName);
    }
    if name.chars().count() > MAX_NAME_CHARS
        || name.chars().any(char::is_control)
        || name.trim() != name
    {
        return Err(AccountError::BadName(name.to_owned()));
    }
    let length = new.passphrase.chars().count();
    if length < MIN_PASSPHRASE_CHARS {
        return Err(AccountError::PassphraseTooShort);
    }
    if length > MAX_PASSPHRASE_CHARS {
        return Err(AccountError::PassphraseTooLong);
    }
    Ok(())
}

pub(super) fn insert_attempt(
    connection: &Connection,
    name: &str,
    run: Option<i64>,
    outcome: SignOutcome,
) -> rusqlite::Result<()> {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_secs() as i64);
    connection.execute(
        "INSERT INTO auth_log (attempted_at, supervisor, run_id, outcome) VALUES (?1, ?2, ?3, ?4)",
        params![now, name, run, outcome.as_str()],
    )?;
    Ok(())
}

/// The accounts, by name; all of them, or the one named.
pub(super) fn read_supervisors(
    connection: &Connection,
    name: Option<&str>,
) -> rusqlite::Result<Vec<Supervisor>> {
    let mut statement = connection.prepare(
        "SELECT name, created_at, public_key FROM supervisors
         WHERE ?1 IS NULL OR name = ?1 ORDER BY name",
    )?;
    let rows = statement.query_map(params![name], |row| {
        Ok(Supervisor {
            name: row.get(0)?,
            created_at: row.get(1)?,
            public_key: public_key_of(row.get(2)?),
        })
    })?;
    rows.collect()
}

fn public_key_of(bytes: Vec<u8>) -> [u8; 32] {
    // The column's CHECK keeps it 32 bytes; a row rebuilt by another tool reads as a key
    // that verifies nothing.
    bytes.try_into().unwrap_or([0; 32])
}

impl ResultsStore {
    /// Adds a supervisor account with a new key pair; returns it (its fingerprint is the one
    /// to give the training office). Accounts are never replaced or removed.
    pub fn add_supervisor(&self, new: &NewSupervisor) -> Result<Supervisor, AccountError> {
        check_new(new)?;
        if self
            .supervisor(new.name)
            .map_err(AccountError::Store)?
            .is_some()
        {
            return Err(AccountError::Exists(new.name.to_owned()));
        }
        let crypto_failed = |e: CryptoError| AccountError::Crypto(e.to_string());
        let key = SigningKey::from_bytes(&crypto::random_bytes::<32>().map_err(crypto_failed)?);
        let passphrase_hash =
            crypto::hash_passphrase(new.passphrase, new.cost).map_err(crypto_failed)?;
        let sealed =
            crypto::seal_key(&key, new.name, new.passphrase, new.cost).map_err(crypto_failed)?;
        let public_key = key.verifying_key().to_bytes();
        self.connection()
            .execute(
                "INSERT INTO supervisors (name, passphrase_hash, public_key, sealed_key, seal_salt,
                     seal_nonce, seal_memory_kib, seal_iterations, seal_lanes, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![
                    new.name,
                    passphrase_hash,
                    &public_key[..],
                    sealed.ciphertext,
                    &sealed.salt[..],
                    &sealed.nonce[..],
                    sealed.cost.memory_kib,
                    sealed.cost.iterations,
                    sealed.cost.lanes,
                    new.created_at,
                ],
            )
            .map_err(|e| AccountError::Store(self.failed(e)))?;
        Ok(Supervisor {
            name: new.name.to_owned(),
            created_at: new.created_at.to_owned(),
            public_key,
        })
    }

    /// Every supervisor account, by name.
    pub fn supervisors(&self) -> Result<Vec<Supervisor>, StoreError> {
        self.supervisors_where(None)
    }

    /// The account of this name, if there is one.
    pub fn supervisor(&self, name: &str) -> Result<Option<Supervisor>, StoreError> {
        Ok(self.supervisors_where(Some(name))?.pop())
    }

    fn supervisors_where(&self, name: Option<&str>) -> Result<Vec<Supervisor>, StoreError> {
        read_supervisors(self.connection(), name).map_err(|e| self.failed(e))
    }

    pub(super) fn account(&self, name: &str) -> Result<Option<Account>, StoreError> {
        self.connection()
            .query_row(
                "SELECT name, passphrase_hash, public_key, sealed_key, seal_salt, seal_nonce,
                        seal_memory_kib, seal_iterations, seal_lanes
                 FROM supervisors WHERE name = ?1",
                params![name],
                |row| {
                    let salt: Vec<u8> = row.get(4)?;
                    let nonce: Vec<u8> = row.get(5)?;
                    Ok(Account {
                        name: row.get(0)?,
                        passphrase_hash: row.get(1)?,
                        public_key: public_key_of(row.get(2)?),
                        sealed: SealedKey {
                            ciphertext: row.get(3)?,
                            salt: salt.try_into().unwrap_or_default(),
                            nonce: nonce.try_into().unwrap_or([0; 24]),
                            cost: KdfCost {
                                memory_kib: row.get(6)?,
                                iterations: row.get(7)?,
                                lanes: row.get(8)?,
                            },
                        },
                    })
                },
            )
            .optional()
            .map_err(|e| self.failed(e))
    }

    /// Every sign attempt, oldest first: who tried, on which run, and how it ended.
    pub fn sign_attempts(&self) -> Result<Vec<SignAttempt>, StoreError> {
        let read = || -> rusqlite::Result<Vec<SignAttempt>> {
            let mut statement = self.connection().prepare(
                "SELECT attempted_at, supervisor, run_id, outcome FROM auth_log ORDER BY id",
            )?;
            let rows = statement.query_map([], |row| {
                let outcome: String = row.get(3)?;
                Ok(SignAttempt {
                    attempted_at: row.get(0)?,
                    supervisor: row.get(1)?,
                    run: row.get(2)?,
                    outcome: SignOutcome::parse(&outcome).unwrap_or(SignOutcome::Refused),
                })
            })?;
            rows.collect()
        };
        read().map_err(|e| self.failed(e))
    }
}
