-- The first release's store: runs and one-score reviews, append-only.
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    saved_at TEXT NOT NULL,
    trainee TEXT NOT NULL,
    scenario TEXT NOT NULL,
    scenario_version INTEGER NOT NULL,
    rules TEXT NOT NULL,
    seed INTEGER NOT NULL,
    mode TEXT NOT NULL,
    overall INTEGER NOT NULL,
    etiquette INTEGER NOT NULL,
    procedure INTEGER NOT NULL,
    record INTEGER NOT NULL,
    critical INTEGER NOT NULL,
    transcript TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS reviews (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id),
    supervisor TEXT NOT NULL,
    score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),
    note TEXT NOT NULL,
    signed_at TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS runs_are_kept BEFORE UPDATE ON runs
    BEGIN SELECT RAISE(ABORT, 'saved runs are never changed'); END;
CREATE TRIGGER IF NOT EXISTS runs_are_not_deleted BEFORE DELETE ON runs
    BEGIN SELECT RAISE(ABORT, 'saved runs are never deleted'); END;
CREATE TRIGGER IF NOT EXISTS reviews_are_kept BEFORE UPDATE ON reviews
    BEGIN SELECT RAISE(ABORT, 'a signed review is never changed: add a new one'); END;
CREATE TRIGGER IF NOT EXISTS reviews_are_not_deleted BEFORE DELETE ON reviews
    BEGIN SELECT RAISE(ABORT, 'signed reviews are never deleted'); END;
