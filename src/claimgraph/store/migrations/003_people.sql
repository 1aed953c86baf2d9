-- One entity per real person: the surname a bare mention in a later document may join (indexed,
-- so the lookup is not a scan of the table), organisations a person speaks for, and quotation
-- fragments and whether the speaker was resolved.
ALTER TABLE entities ADD COLUMN surname TEXT;
ALTER TABLE entities ADD COLUMN affiliations TEXT NOT NULL DEFAULT '[]';
UPDATE entities SET surname = cg_surname_key(name) WHERE type = 'PERSON' AND instr(name, ' ') > 0;
CREATE INDEX entities_surname ON entities(surname) WHERE surname IS NOT NULL;
ALTER TABLE quotes ADD COLUMN fragments TEXT NOT NULL DEFAULT '[]';
ALTER TABLE quotes ADD COLUMN resolved INTEGER NOT NULL DEFAULT 1;
