-- The language a person chose, or a token was issued with (issue 27): answers use it unless a
-- request asks for another with ?lang=. NULL: nothing remembered, Accept-Language decides.
--
-- Written only beside the `Person` stream's LanguageChosen events and the `Token` stream's
-- TokenCreated events, in their transaction, as the rest of these rows are.

ALTER TABLE people ADD COLUMN language text;
ALTER TABLE tokens ADD COLUMN language text;
