-- Canonical entities (shared across documents), their aliases, mentions and quotations.
CREATE TABLE entities (
    id TEXT PRIMARY KEY,          -- person:nicolas-maduro, gpe:russia, org:russia-foreign-ministry, media:tass
    name TEXT NOT NULL,
    type TEXT NOT NULL,           -- PERSON | ORG | GPE | NORP | LOC | FAC | MEDIA
    parent TEXT,                  -- e.g. a ministry's government
    roles TEXT NOT NULL DEFAULT '[]'  -- JSON list of titles and appositions seen
);
CREATE INDEX entities_name ON entities(name);

CREATE TABLE entity_aliases (
    entity_id TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    alias TEXT NOT NULL,
    PRIMARY KEY (alias, entity_id)
);

CREATE TABLE mentions (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    entity_id TEXT NOT NULL REFERENCES entities(id),
    text TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, label TEXT
);
CREATE INDEX mentions_doc ON mentions(doc_id);
CREATE INDEX mentions_entity ON mentions(entity_id);

CREATE TABLE quotes (
    id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,           -- direct | partial | indirect
    speech INTEGER NOT NULL,      -- 1: words said or written; 0: belief, inference or provenance-only report
    content TEXT NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL,       -- clean-text offsets
    raw_start INTEGER, raw_end INTEGER,                    -- raw-text offsets
    cue TEXT, cue_start INTEGER, cue_end INTEGER,
    source_text TEXT, source_start INTEGER, source_end INTEGER,
    speaker_id TEXT REFERENCES entities(id),
    speaker TEXT,
    channel TEXT,
    provenance TEXT NOT NULL DEFAULT '[]',                 -- JSON: outlet -> cited medium -> speaker
    rule TEXT
);
CREATE INDEX quotes_doc ON quotes(doc_id);
CREATE INDEX quotes_speaker ON quotes(speaker_id);
