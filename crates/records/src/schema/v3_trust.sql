-- Who may sign, and tamper evidence (see the trust module): supervisor accounts with their
-- passphrase hash and sealed signing key, a log of every sign attempt, a hash chain over the
-- runs, and the signed two-dimension assessments. Append-only like runs.

-- A supervisor account. `passphrase_hash` is an argon2id PHC string (it holds its own salt
-- and cost); the private ed25519 key is sealed (XChaCha20-Poly1305) under a key derived from
-- the passphrase with argon2id, its own salt `seal_salt` and the cost in the seal_* columns.
CREATE TABLE IF NOT EXISTS supervisors (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    passphrase_hash TEXT NOT NULL,
    public_key BLOB NOT NULL CHECK (length(public_key) = 32),
    sealed_key BLOB NOT NULL,
    seal_salt BLOB NOT NULL,
    seal_nonce BLOB NOT NULL CHECK (length(seal_nonce) = 24),
    seal_memory_kib INTEGER NOT NULL,
    seal_iterations INTEGER NOT NULL,
    seal_lanes INTEGER NOT NULL,
    created_at TEXT NOT NULL
);

-- Every attempt to sign, whether it was allowed or refused.
CREATE TABLE IF NOT EXISTS auth_log (
    id INTEGER PRIMARY KEY,
    -- Seconds since 1970 (UTC) by this computer's clock when the attempt was made.
    attempted_at INTEGER NOT NULL,
    supervisor TEXT NOT NULL,
    run_id INTEGER,
    outcome TEXT NOT NULL CHECK (outcome IN ('signed', 'no account', 'wrong passphrase', 'refused'))
);

-- One seal per run: sha256 of the run's row and the previous run's hash. `upgraded` marks a
-- run saved before this version, sealed once when the store was upgraded.
CREATE TABLE IF NOT EXISTS run_seals (
    run_id INTEGER PRIMARY KEY,
    previous_hash BLOB NOT NULL CHECK (length(previous_hash) = 32),
    hash BLOB NOT NULL CHECK (length(hash) = 32),
    upgraded INTEGER NOT NULL DEFAULT 0 CHECK (upgraded IN (0, 1))
);

-- The runs saved before this version, to be sealed once (in Rust: SQL has no sha256).
CREATE TABLE IF NOT EXISTS trust_upgrade (
    last_run_before INTEGER,
    sealed INTEGER NOT NULL DEFAULT 0 CHECK (sealed IN (0, 1))
);
INSERT INTO trust_upgrade (last_run_before, sealed) SELECT max(id), 0 FROM runs;

-- A mentor's signed two-dimension assessment (records::assessment::Assessment), with the
-- run's hash and the chain's head when it was signed, the signer's key fingerprint and the
-- ed25519 signature over all of them.
CREATE TABLE IF NOT EXISTS assessments (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id),
    supervisor TEXT NOT NULL,
    etiquette INTEGER NOT NULL CHECK (etiquette BETWEEN 0 AND 100),
    etiquette_reason TEXT NOT NULL,
    procedure INTEGER NOT NULL CHECK (procedure BETWEEN 0 AND 100),
    procedure_reason TEXT NOT NULL,
    record INTEGER NOT NULL CHECK (record BETWEEN 0 AND 100),
    record_reason TEXT NOT NULL,
    owner_feedback INTEGER NOT NULL CHECK (owner_feedback BETWEEN 0 AND 100),
    verdict TEXT NOT NULL CHECK (verdict IN ('pass', 'redo')),
    signed_at TEXT NOT NULL,
    run_hash BLOB NOT NULL CHECK (length(run_hash) = 32),
    chain_head BLOB NOT NULL CHECK (length(chain_head) = 32),
    signer_fingerprint TEXT NOT NULL,
    signature BLOB NOT NULL CHECK (length(signature) = 64)
);
CREATE INDEX IF NOT EXISTS assessments_by_run ON assessments (run_id, id);

-- A mentor's comments on steps of the run, in the order written; signed with the assessment.
CREATE TABLE IF NOT EXISTS assessment_comments (
    assessment_id INTEGER NOT NULL REFERENCES assessments(id),
    position INTEGER NOT NULL,
    step INTEGER NOT NULL CHECK (step >= 0),
    comment TEXT NOT NULL,
    PRIMARY KEY (assessment_id, position)
);

CREATE TRIGGER IF NOT EXISTS supervisors_are_kept BEFORE UPDATE ON supervisors
    BEGIN SELECT RAISE(ABORT, 'a supervisor account is never changed'); END;
CREATE TRIGGER IF NOT EXISTS supervisors_are_not_deleted BEFORE DELETE ON supervisors
    BEGIN SELECT RAISE(ABORT, 'supervisor accounts are never deleted'); END;
CREATE TRIGGER IF NOT EXISTS auth_log_is_kept BEFORE UPDATE ON auth_log
    BEGIN SELECT RAISE(ABORT, 'the sign-in log is never changed'); END;
CREATE TRIGGER IF NOT EXISTS auth_log_is_not_deleted BEFORE DELETE ON auth_log
    BEGIN SELECT RAISE(ABORT, 'the sign-in log is never deleted'); END;
CREATE TRIGGER IF NOT EXISTS run_seals_are_kept BEFORE UPDATE ON run_seals
    BEGIN SELECT RAISE(ABORT, 'a run''s seal is never changed'); END;
CREATE TRIGGER IF NOT EXISTS run_seals_are_not_deleted BEFORE DELETE ON run_seals
    BEGIN SELECT RAISE(ABORT, 'run seals are never deleted'); END;
CREATE TRIGGER IF NOT EXISTS trust_upgrade_is_sealed_once BEFORE UPDATE ON trust_upgrade
    WHEN OLD.sealed = 1 OR NEW.last_run_before IS NOT OLD.last_run_before
    BEGIN SELECT RAISE(ABORT, 'the upgrade''s runs are sealed once'); END;
CREATE TRIGGER IF NOT EXISTS trust_upgrade_is_not_deleted BEFORE DELETE ON trust_upgrade
    BEGIN SELECT RAISE(ABORT, 'the upgrade record is never deleted'); END;
CREATE TRIGGER IF NOT EXISTS assessments_are_kept BEFORE UPDATE ON assessments
    BEGIN SELECT RAISE(ABORT, 'a signed assessment is never changed: add a new one'); END;
CREATE TRIGGER IF NOT EXISTS assessments_are_not_deleted BEFORE DELETE ON assessments
    BEGIN SELECT RAISE(ABORT, 'signed assessments are never deleted'); END;
CREATE TRIGGER IF NOT EXISTS assessment_comments_are_kept BEFORE UPDATE ON assessment_comments
    BEGIN SELECT RAISE(ABORT, 'a signed comment is never changed'); END;
CREATE TRIGGER IF NOT EXISTS assessment_comments_are_not_deleted BEFORE DELETE ON assessment_comments
    BEGIN SELECT RAISE(ABORT, 'signed comments are never deleted'); END;
