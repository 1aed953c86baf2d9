-- A surname key reads a curly apostrophe as a straight one ("O’Malley" and "O'Malley" are one
-- person across documents): the keys stored before that are written again.
UPDATE entities SET surname = cg_surname_key(name)
WHERE surname IS NOT NULL AND (instr(surname, '’') > 0 OR instr(surname, '‘') > 0 OR instr(surname, 'ʼ') > 0);
