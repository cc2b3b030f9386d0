-- Runs in progress, written after every action so a crash or a killed app loses at most the
-- action being taken; a row goes when its run is saved (in the same transaction) or the
-- trainee discards it. `transcript` is the Transcript's RON of the actions so far; the other
-- columns repeat what it says so the resume offer can be listed without parsing it.
CREATE TABLE IF NOT EXISTS journal (
    id INTEGER PRIMARY KEY,
    trainee TEXT NOT NULL,
    scenario TEXT NOT NULL,
    scenario_version INTEGER NOT NULL,
    seed INTEGER NOT NULL,
    lang TEXT,
    mode TEXT NOT NULL,
    drill TEXT,
    transcript TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
