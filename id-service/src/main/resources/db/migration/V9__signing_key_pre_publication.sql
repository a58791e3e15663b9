-- Key pre-publication (ADR 0052): the next signing key is stored, and so published in JWKS by every
-- instance, before any instance signs with it. signing_since is when a key started signing; NULL
-- while it is only published ahead (id-service inserts the NULL explicitly). Every key stored before
-- this migration signed from the moment it was stored. The default keeps a key that an instance of
-- the previous version stores during a rolling upgrade signing at once, as that instance expects.
-- Plain SQL for H2 and PostgreSQL.
ALTER TABLE signing_key ADD COLUMN signing_since timestamp DEFAULT CURRENT_TIMESTAMP;
UPDATE signing_key SET signing_since = created_at;
