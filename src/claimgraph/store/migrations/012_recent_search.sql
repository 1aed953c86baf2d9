-- A second full-text index over the 10,000 most recently stored documents only, kept by triggers.
-- Search ranks a query's most recent matches with FTS5's bm25(), and bm25() first counts every
-- document that holds each phrase, walking the phrase's whole posting list: for a name found in
-- most documents that count grows with the store (measured on a store of 100,000 documents,
-- "Trump" in 75,787 of them: 3.3 ms of the search's 10.7, against none for a name in 910) and
-- would grow tenfold in a store ten times larger. When the window of most recent matches lies
-- wholly inside this index, search ranks it here: the same documents, their term statistics read
-- from the recent documents, at a cost bounded by 10,000 documents whatever the store's size
-- (store/queries.py: _search). Documents are never updated in place; one that is deleted leaves
-- both indexes. The writer pays for it: 1.9 ms a document stored against 0.7 without it (PolNeAR texts, each
-- new one pushing an old one out, on a day this machine ran 2.4x slower than usual), under 1% of
-- a document's ingest.
CREATE VIRTUAL TABLE documents_recent_fts USING fts5(title, clean_text, content='documents', content_rowid='rowid');
INSERT INTO documents_recent_fts(rowid, title, clean_text)
    SELECT rowid, title, clean_text FROM documents
    WHERE rowid > (SELECT coalesce(max(rowid), 0) FROM documents) - 10000;
-- each new document enters, and what has fallen 10,000 rowids behind it leaves (its rowids are
-- read from the index's own docsize table, FTS5's record of what it holds)
CREATE TRIGGER documents_recent_ai AFTER INSERT ON documents BEGIN
    INSERT INTO documents_recent_fts(rowid, title, clean_text) VALUES (new.rowid, new.title, new.clean_text);
    INSERT INTO documents_recent_fts(documents_recent_fts, rowid, title, clean_text)
        SELECT 'delete', d.rowid, d.title, d.clean_text FROM documents d
        WHERE d.rowid IN (SELECT id FROM documents_recent_fts_docsize WHERE id <= new.rowid - 10000);
END;
CREATE TRIGGER documents_recent_ad AFTER DELETE ON documents
WHEN old.rowid IN (SELECT id FROM documents_recent_fts_docsize) BEGIN
    INSERT INTO documents_recent_fts(documents_recent_fts, rowid, title, clean_text) VALUES ('delete', old.rowid, old.title, old.clean_text);
END;
