-- The projector's current failure, so that every replica's status shows it, not only the
-- leader's log: the position it cannot apply (NULL when the store failed before any event was
-- read), the error, when the failures began and how many attempts have failed since. The
-- projector clears them when a batch succeeds again or a new leader takes over.
ALTER TABLE projection_state ADD COLUMN failed_position bigint;
ALTER TABLE projection_state ADD COLUMN failure text;
ALTER TABLE projection_state ADD COLUMN failed_since text;
ALTER TABLE projection_state ADD COLUMN failed_attempts bigint NOT NULL DEFAULT 0;
