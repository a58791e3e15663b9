-- Self-signed-up accounts start unverified; seeded and registry-imported residents are verified.
ALTER TABLE resident ADD COLUMN verified boolean DEFAULT TRUE NOT NULL;
