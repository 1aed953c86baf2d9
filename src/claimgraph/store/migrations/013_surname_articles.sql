-- A surname key drops an Arabic article joined to it ("al-Sisi" and "Sisi" are one person across
-- documents, as "Bashar al-Assad" and "Assad"): the keys stored before that are written again.
UPDATE entities SET surname = cg_surname_key(name)
WHERE surname IS NOT NULL AND (lower(surname) LIKE 'al-%' OR lower(surname) LIKE 'el-%');
