-- Apps registered through the admin API start PENDING; only APPROVED apps get tokens and are listed.
ALTER TABLE app_directory ADD COLUMN status varchar(16) DEFAULT 'APPROVED' NOT NULL;
ALTER TABLE app_directory ADD COLUMN client_type varchar(16) DEFAULT 'confidential' NOT NULL;
ALTER TABLE app_directory ADD COLUMN webhook_url varchar(500) DEFAULT NULL;
