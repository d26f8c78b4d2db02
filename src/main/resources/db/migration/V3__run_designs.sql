-- A run's variant is now any design: a preset id, a design of the scenario file, or a canonical design
-- string (reap_kill_v2+multiprocess=through+...), which can be longer than a preset id.
ALTER TABLE runs ALTER COLUMN variant SET DATA TYPE VARCHAR(1024);
