-- Indexes the read side needs at scale (bench/api_load.py on 100,000 documents): entity lists
-- count mentions per entity and document, quotation lists filter speakers' speech, and the
-- outlet filter matches without a scan.
CREATE INDEX mentions_entity_doc ON mentions(entity_id, doc_id);
CREATE INDEX quotes_speaker_speech ON quotes(speaker_id, speech);
CREATE INDEX documents_outlet ON documents(outlet COLLATE NOCASE);
