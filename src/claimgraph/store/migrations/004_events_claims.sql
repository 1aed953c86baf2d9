-- Events (what a sentence states: actor, PLOVER action, target, polarity, modality, time) and
-- claims (an event's proposition as someone asserts it), and the labels that link claims.
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    type TEXT NOT NULL, mode TEXT, lemma TEXT NOT NULL, trigger TEXT NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    sentence_start INTEGER NOT NULL, sentence_end INTEGER NOT NULL, raw_start INTEGER, raw_end INTEGER,
    actor_id TEXT, actor TEXT, target_id TEXT, target TEXT, object TEXT, object_id TEXT,
    polarity TEXT NOT NULL, modality TEXT NOT NULL,
    time TEXT, time_start TEXT, time_end TEXT, time_source TEXT,
    quote_id INTEGER REFERENCES quotes(id) ON DELETE SET NULL,
    asserter_id TEXT, asserter TEXT, provenance TEXT NOT NULL DEFAULT '[]', how TEXT NOT NULL
);
CREATE INDEX events_doc ON events(doc_id);
CREATE INDEX events_type ON events(type);
CREATE INDEX events_actor ON events(actor_id);
CREATE INDEX events_target ON events(target_id);
CREATE INDEX events_time ON events(time_start);

CREATE TABLE claims (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL UNIQUE REFERENCES events(id) ON DELETE CASCADE,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    key TEXT NOT NULL,            -- type|subject: the index a new claim's candidates are read through
    subject_id TEXT, predicate TEXT NOT NULL, type TEXT NOT NULL, mode TEXT,
    object_id TEXT, object TEXT, target_id TEXT,
    polarity TEXT NOT NULL, modality TEXT NOT NULL,
    window_start TEXT, window_end TEXT,
    asserter_id TEXT, asserter TEXT, provenance TEXT NOT NULL DEFAULT '[]',
    reported TEXT,                -- the document's date (or window) when the claim was reported
    linked INTEGER NOT NULL DEFAULT 0  -- 1 once the cross-document pass has compared it
);
CREATE INDEX claims_key ON claims(key);
CREATE INDEX claims_subject ON claims(subject_id);
CREATE INDEX claims_unlinked ON claims(linked) WHERE linked = 0;

CREATE TABLE claim_links (
    a INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
    b INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
    label TEXT NOT NULL,          -- agree | contradict | change | unrelated
    confidence REAL NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (a, b)
);
CREATE INDEX claim_links_label ON claim_links(label);
CREATE INDEX claim_links_b ON claim_links(b);
