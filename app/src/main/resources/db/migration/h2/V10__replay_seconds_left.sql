-- The H2 twin of db/migration/mysql/V10: the running replay's own estimate of the seconds left, for every instance.
ALTER TABLE projection_replay ADD COLUMN seconds_left BIGINT;
