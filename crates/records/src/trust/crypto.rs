//! The cryptography of sign-offs, kept in one place: argon2id for passphrases and for the key
//! that seals a private key, XChaCha20-Poly1305 for the seal, ed25519 for signatures, sha256
//! for seals and fingerprints, and the canonical byte encoding that seals and signatures are
//! computed over.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use ed25519_dalek::SigningKey;
use sha2::{Digest, Sha256};

/// How much an argon2id derivation costs: memory in KiB, passes, and lanes.
///
/// [`KdfCost::default`] is the production cost (OWASP's argon2id recommendation, 19 MiB and
/// two passes: about a twentieth of a second on this project's 2-core machines), which makes
/// guessing passphrases from a copied store slow. [`KdfCost::FOR_TESTS`] is the cheapest cost
/// argon2 allows, for tests and benchmarks only: an account made with it is easy to attack.
/// The cost is stored with each account, so accounts of either cost open the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KdfCost {
    pub memory_kib: u32,
    pub iterations: u32,
    pub lanes: u32,
}

impl KdfCost {
    pub const FOR_TESTS: KdfCost = KdfCost {
        memory_kib: 8,
        iterations: 1,
        lanes: 1,
    };

    fn argon2(self) -> Result<Argon2<'static>, CryptoError> {
        let params = Params::new(self.memory_kib, self.iterations, self.lanes, Some(KEY_LEN))
            .map_err(|_| CryptoError::Cost(self))?;
        Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
    }
}

impl Default for KdfCost {
    fn default() -> KdfCost {
        KdfCost {
            memory_kib: 19 * 1024,
            iterations: 2,
            lanes: 1,
        }
    }
}

const KEY_LEN: usize = 32;
const SALT_LEN: usize = 16;
const NONCE_LEN: usize = 24;

/// A failure below the level a person acts on; the trust module turns it into a
/// [`super::SignError`] or [`super::AccountError`] that says what to do.
#[derive(Debug)]
pub(crate) enum CryptoError {
    /// The system's random source failed.
    Random,
    /// argon2 refused this cost (stored in the account's row).
    Cost(KdfCost),
    /// The passphrase hash stored for the account is not a PHC string.
    BadHash,
    /// The sealed key does not open: a wrong passphrase, or the row was changed.
    Unseal,
}

impl std::fmt::Display for CryptoError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CryptoError::Random => write!(f, "this computer's random number source failed"),
            CryptoError::Cost(cost) => write!(
                f,
                "argon2 refused its cost (memory {} KiB, {} passes, {} lanes)",
                cost.memory_kib, cost.iterations, cost.lanes
            ),
            CryptoError::BadHash => write!(f, "the account's passphrase hash is damaged"),
            CryptoError::Unseal => write!(f, "the account's sealed key does not open"),
        }
    }
}

pub(crate) fn random_bytes<const N: usize>() -> Result<[u8; N], CryptoError> {
    let mut bytes = [0; N];
    getrandom::fill(&mut bytes).map_err(|_| CryptoError::Random)?;
    Ok(bytes)
}

/// An argon2id PHC string (`$argon2id$v=19$m=..,t=..,p=..$salt$hash`) of a passphrase.
pub(crate) fn hash_passphrase(passphrase: &str, cost: KdfCost) -> Result<String, CryptoError> {
    let salt =
        SaltString::encode_b64(&random_bytes::<SALT_LEN>()?).map_err(|_| CryptoError::Random)?;
    let hash = cost
        .argon2()?
        .hash_password(passphrase.as_bytes(), &salt)
        .map_err(|_| CryptoError::Cost(cost))?;
    Ok(hash.to_string())
}

/// Whether `passphrase` matches a PHC string made by [`hash_passphrase`]; the cost is read
/// from the string.
pub(crate) fn passphrase_matches(passphrase: &str, phc: &str) -> Result<bool, CryptoError> {
    let parsed = PasswordHash::new(phc).map_err(|_| CryptoError::BadHash)?;
    Ok(Argon2::default()
        .verify_password(passphrase.as_bytes(), &parsed)
        .is_ok())
}

/// A private key sealed under a passphrase, as stored in an account's row.
pub(crate) struct SealedKey {
    pub ciphertext: Vec<u8>,
    pub salt: [u8; SALT_LEN],
    pub nonce: [u8; NONCE_LEN],
    pub cost: KdfCost,
}

fn sealing_cipher(
    passphrase: &str,
    salt: &[u8],
    cost: KdfCost,
) -> Result<XChaCha20Poly1305, CryptoError> {
    let mut key = [0; KEY_LEN];
    cost.argon2()?
        .hash_password_into(passphrase.as_bytes(), salt, &mut key)
        .map_err(|_| CryptoError::Cost(cost))?;
    Ok(XChaCha20Poly1305::new(&key.into()))
}

/// The associated data of a seal: a sealed key opens only in the row of the account it was
/// made for (its name and public key), so it cannot be moved to another account.
fn seal_context(name: &str, public_key: &[u8; 32]) -> Vec<u8> {
    let mut context = Canonical::new("complaint-drill sealed key v1");
    context.text(name).bytes(public_key);
    context.into_bytes()
}

pub(crate) fn seal_key(
    key: &SigningKey,
    name: &str,
    passphrase: &str,
    cost: KdfCost,
) -> Result<SealedKey, CryptoError> {
    let salt = random_bytes::<SALT_LEN>()?;
    let nonce = random_bytes::<NONCE_LEN>()?;
    let aad = seal_context(name, &key.verifying_key().to_bytes());
    let ciphertext = sealing_cipher(passphrase, &salt, cost)?
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: key.as_bytes(),
                aad: &aad,
            },
        )
        .map_err(|_| CryptoError::Unseal)?;
    Ok(SealedKey {
        ciphertext,
        salt,
        nonce,
        cost,
    })
}

pub(crate) fn unseal_key(
    sealed: &SealedKey,
    name: &str,
    public_key: &[u8; 32],
    passphrase: &str,
) -> Result<SigningKey, CryptoError> {
    let aad = seal_context(name, public_key);
    let secret = sealing_cipher(passphrase, &sealed.salt, sealed.cost)?
        .decrypt(
            XNonce::from_slice(&sealed.nonce),
            Payload {
                msg: &sealed.ciphertext,
                aad: &aad,
            },
        )
        .map_err(|_| CryptoError::Unseal)?;
    let secret: [u8; 32] = secret.try_into().map_err(|_| CryptoError::Unseal)?;
    let key = SigningKey::from_bytes(&secret);
    // A sealed key that opens but is not the row's public key's pair is a changed row.
    if key.verifying_key().to_bytes() != *public_key {
        return Err(CryptoError::Unseal);
    }
    Ok(key)
}

/// The short fingerprint of a public key to read out over the phone: the first 16 hex digits
/// of its sha256, in groups of four (`1a2b 3c4d 5e6f 7a8b`).
pub fn fingerprint(public_key: &[u8; 32]) -> String {
    let digest = Sha256::digest(public_key);
    let hex = to_hex(&digest[..8]);
    let groups: Vec<&str> = (0..4).map(|i| &hex[i * 4..i * 4 + 4]).collect();
    groups.join(" ")
}

pub(crate) fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub(crate) fn from_hex<const N: usize>(text: &str) -> Option<[u8; N]> {
    if text.len() != N * 2 || !text.is_ascii() {
        return None;
    }
    let mut bytes = [0; N];
    for (i, byte) in bytes.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&text[i * 2..i * 2 + 2], 16).ok()?;
    }
    Some(bytes)
}

/// Where canonical bytes go: a buffer (to sign) or straight into sha256 (to seal, without
/// copying a transcript first).
pub(crate) trait Sink {
    fn put(&mut self, bytes: &[u8]);
}

impl Sink for Vec<u8> {
    fn put(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }
}

impl Sink for Sha256 {
    fn put(&mut self, bytes: &[u8]) {
        Digest::update(self, bytes);
    }
}

/// A canonical, unambiguous byte encoding: a purpose label, then typed, length-prefixed
/// fields, so no two different contents encode alike (`"ab","c"` differs from `"a","bc"`).
/// Seals and signatures are computed over it; changing it invalidates every store, so it is
/// versioned by its label.
pub(crate) struct Canonical<S: Sink = Vec<u8>>(S);

impl Canonical<Vec<u8>> {
    pub fn new(purpose: &str) -> Canonical {
        Canonical::starting(Vec::with_capacity(256), purpose)
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.0
    }
}

impl Canonical<Sha256> {
    pub fn hasher(purpose: &str) -> Canonical<Sha256> {
        Canonical::starting(Sha256::new(), purpose)
    }

    pub fn sha256(self) -> [u8; 32] {
        self.0.finalize().into()
    }
}

impl<S: Sink> Canonical<S> {
    fn starting(sink: S, purpose: &str) -> Canonical<S> {
        let mut canonical = Canonical(sink);
        canonical.text(purpose);
        canonical
    }

    pub fn integer(&mut self, value: i64) -> &mut Self {
        self.0.put(b"i");
        self.0.put(&value.to_le_bytes());
        self
    }

    pub fn text(&mut self, value: &str) -> &mut Self {
        self.tagged(b't', value.as_bytes())
    }

    /// SQLite's text, as stored (not necessarily UTF-8 if written by another tool).
    pub fn text_bytes(&mut self, value: &[u8]) -> &mut Self {
        self.tagged(b't', value)
    }

    pub fn bytes(&mut self, value: &[u8]) -> &mut Self {
        self.tagged(b'b', value)
    }

    pub fn real(&mut self, value: f64) -> &mut Self {
        self.0.put(b"r");
        self.0.put(&value.to_bits().to_le_bytes());
        self
    }

    pub fn null(&mut self) -> &mut Self {
        self.0.put(b"n");
        self
    }

    fn tagged(&mut self, tag: u8, value: &[u8]) -> &mut Self {
        self.0.put(&[tag]);
        self.0.put(&(value.len() as u64).to_le_bytes());
        self.0.put(value);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_key_opens_only_with_its_passphrase_and_in_its_own_account() {
        let key = SigningKey::from_bytes(&[7; 32]);
        let public = key.verifying_key().to_bytes();
        let sealed = seal_key(&key, "刘主任", "correct horse", KdfCost::FOR_TESTS).unwrap();
        let opened = unseal_key(&sealed, "刘主任", &public, "correct horse").unwrap();
        assert_eq!(opened.to_bytes(), key.to_bytes());
        assert!(unseal_key(&sealed, "刘主任", &public, "wrong horse").is_err());
        assert!(unseal_key(&sealed, "王主任", &public, "correct horse").is_err());
    }

    #[test]
    fn a_passphrase_hash_is_argon2id_and_matches_only_its_passphrase() {
        let phc = hash_passphrase("correct horse", KdfCost::FOR_TESTS).unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=8,t=1,p=1$"), "{phc}");
        assert!(passphrase_matches("correct horse", &phc).unwrap());
        assert!(!passphrase_matches("correct horsf", &phc).unwrap());
    }

    #[test]
    fn the_canonical_encoding_tells_apart_fields_that_concatenate_alike() {
        let encode = |a: &str, b: &str| {
            let mut canonical = Canonical::new("test");
            canonical.text(a).text(b);
            canonical.into_bytes()
        };
        assert_ne!(encode("ab", "c"), encode("a", "bc"));
    }

    #[test]
    fn a_fingerprint_is_four_groups_of_four_hex_digits_and_hex_round_trips() {
        let print = fingerprint(&[0; 32]);
        // sha256 of 32 zero bytes begins 66687aadf862bd77.
        assert_eq!(print, "6668 7aad f862 bd77");
        let bytes = [0xab; 32];
        assert_eq!(from_hex::<32>(&to_hex(&bytes)), Some(bytes));
        assert_eq!(from_hex::<32>("zz"), None);
    }
}
