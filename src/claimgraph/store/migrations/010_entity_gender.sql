-- A person's gender where the text shows it (Mr/Mrs/Ms, "spokeswoman", "X said she") or a first
-- name the table is sure of: a lone surname in a later document ("Mrs. Johnson") joins the one
-- stored person of that surname only when their genders do not clash. NULL when unknown.
ALTER TABLE entities ADD COLUMN gender TEXT;
