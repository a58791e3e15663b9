-- Subscriptions moved to the compacted topic tsunagu.webhook-subscriptions.v1 (ADR 0047): every
-- gateway instance replays it into memory. Rows still here are not carried over (see the ADR).
drop table webhook_subscription;
