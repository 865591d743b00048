-- Signed heads of the hash chain (issue 28): a head of `event_links` signed with an Ed25519 key
-- kept outside the database, by the projector's leader at intervals and by every report. Someone
-- with write access can rewrite an event and recompute every later link, but cannot sign the new
-- links: verifying with the public key recomputes each signed head from the events and finds them
-- changed (audit/src/signatures.rs).
-- Written by the signer only; never updated or deleted. Same table as on PostgreSQL.
CREATE TABLE chain_signatures
(
    -- The signed head's place in the chain (event_links.seq).
    seq       integer NOT NULL CHECK (seq > 0),
    -- The link at `seq` when it was signed: lowercase hex of the 32-byte SHA-256.
    link      text    NOT NULL CHECK (length(link) = 64),
    -- Which key signed: the first 8 bytes of SHA-256(public key), hex. A rotated key has a new id.
    key_id    text    NOT NULL CHECK (length(key_id) = 16),
    -- The Ed25519 signature (64 bytes, lowercase hex) of the message naming seq, link and
    -- signed_at (audit/src/signing.rs).
    signature text    NOT NULL CHECK (length(signature) = 128),
    -- RFC 3339 UTC instant, as signed.
    signed_at text    NOT NULL,
    PRIMARY KEY (seq, key_id)
) STRICT;
