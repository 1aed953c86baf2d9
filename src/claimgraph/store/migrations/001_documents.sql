-- Documents, their dating evidence, links and cited media; FTS5 over the clean text.
CREATE TABLE documents (
    id TEXT PRIMARY KEY,              -- content hash of the raw text
    source TEXT NOT NULL,
    format TEXT NOT NULL,
    title TEXT,
    language TEXT,
    outlet TEXT,
    url TEXT,
    date TEXT,                        -- ISO date / month / year we stand behind, or NULL
    date_status TEXT NOT NULL,        -- declared | content | conflict | undated
    date_window_start TEXT,
    date_window_end TEXT,
    date_note TEXT,
    raw_text TEXT NOT NULL,
    clean_text TEXT NOT NULL,
    offsets TEXT NOT NULL,            -- JSON [[clean_start, raw_start, length], ...]
    cleaning TEXT NOT NULL,           -- JSON list of cleaning steps that changed the text
    meta TEXT NOT NULL,               -- JSON
    ingested_at TEXT NOT NULL
);
CREATE INDEX documents_date ON documents(date);

CREATE VIRTUAL TABLE documents_fts USING fts5(title, clean_text, content='documents', content_rowid='rowid');
CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts(rowid, title, clean_text) VALUES (new.rowid, new.title, new.clean_text);
END;
CREATE TRIGGER documents_ad AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, clean_text) VALUES ('delete', old.rowid, old.title, old.clean_text);
END;

CREATE TABLE date_evidence (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    kind TEXT NOT NULL, value TEXT NOT NULL, text TEXT NOT NULL,
    start INTEGER, "end" INTEGER, note TEXT
);
CREATE INDEX date_evidence_doc ON date_evidence(doc_id);

CREATE TABLE timexes (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    text TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    value TEXT, anchor TEXT, granularity TEXT
);
CREATE INDEX timexes_doc ON timexes(doc_id);

CREATE TABLE links (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    url TEXT NOT NULL, kind TEXT NOT NULL, text TEXT, raw_start INTEGER, raw_end INTEGER, url_date TEXT
);
CREATE INDEX links_doc ON links(doc_id);

CREATE TABLE agencies (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    name TEXT NOT NULL, role TEXT NOT NULL, evidence TEXT, start INTEGER, "end" INTEGER
);
CREATE INDEX agencies_doc ON agencies(doc_id);
CREATE INDEX agencies_name ON agencies(name);

-- The latest failure per source; cleared when the source later ingests.
CREATE TABLE failures (
    source TEXT PRIMARY KEY, code TEXT NOT NULL, message TEXT NOT NULL, at TEXT NOT NULL
);
