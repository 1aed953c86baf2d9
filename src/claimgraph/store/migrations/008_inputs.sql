-- Inputs read before, by the digest of their bytes (RawDocument.input_id): an HTML page or a PDF
-- is read in the worker that processes it, so the ingest knows it only by its bytes until then;
-- a second run skips an input found here instead of reading it again. doc_id is the document it
-- became (a new one, or one already stored with the same text).
CREATE TABLE inputs (
    id TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL
);
