-- Sentence embeddings keyed by the sentence (a 16-byte BLAKE2b digest of its text): a sentence
-- that many documents repeat (wire copy, syndication, a statement quoted everywhere) is encoded
-- once per store, not once per claim that states it (link/claims.py). claim_vectors stays the
-- lookup by claim, which needs no document text.
CREATE TABLE sentence_vectors (
    hash BLOB PRIMARY KEY,
    vector BLOB NOT NULL          -- float32, L2-normalised (all-MiniLM-L6-v2, 384 dimensions)
);
