-- What a run was played for and what it broke, so reports need not replay every transcript:
-- the drill it was taken under, the trainee's team, and the rule IDs of its findings
-- (space-separated, one per finding; empty for runs saved before this version).
ALTER TABLE runs ADD COLUMN drill TEXT;
ALTER TABLE runs ADD COLUMN team TEXT;
ALTER TABLE runs ADD COLUMN rules_broken TEXT NOT NULL DEFAULT '';
CREATE INDEX IF NOT EXISTS runs_by_trainee ON runs (trainee, id);
CREATE INDEX IF NOT EXISTS runs_by_drill ON runs (drill, id);
