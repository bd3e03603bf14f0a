-- Issue 17: the instance running a replay writes its estimate of the seconds left (every phase, at the rates it
-- measures) into the replay's row, so that every instance shows the same honest estimate; until then other
-- instances could only divide the events left by the average rate, which ignored the copy.
ALTER TABLE projection_replay ADD COLUMN seconds_left BIGINT;
