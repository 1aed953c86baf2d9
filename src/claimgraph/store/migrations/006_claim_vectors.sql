-- The sentence embedding of a claim, computed once, the first time the cross-document pass
-- needs it (a pair of claims that structure already links), then read back: each sentence is
-- encoded once however many later claims it is compared with (link/claims.py).
CREATE TABLE claim_vectors (
    claim_id INTEGER PRIMARY KEY REFERENCES claims(id) ON DELETE CASCADE,
    vector BLOB NOT NULL          -- float32, L2-normalised (all-MiniLM-L6-v2, 384 dimensions)
);
