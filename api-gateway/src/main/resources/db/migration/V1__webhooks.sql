-- Webhook subscriptions of apps, their deliveries (one per subscription and event: the
-- idempotency key), and the pairwise subs the gateway has seen (reverse look-up for delivery).
create table webhook_subscription (
    id          varchar(64)   primary key,
    app_id      varchar(128)  not null,
    event_type  varchar(64)   not null,
    url         varchar(2048) not null,
    purpose     varchar(64)   not null,
    secret      varchar(128)  not null,
    created_at  timestamp with time zone not null
);
create index webhook_subscription_event on webhook_subscription (event_type);
create index webhook_subscription_app on webhook_subscription (app_id);

create table webhook_delivery (
    id              varchar(64)  primary key,
    subscription_id varchar(64)  not null,
    app_id          varchar(128) not null,
    event_id        varchar(64)  not null,
    event_type      varchar(64)  not null,
    resident_id     varchar(128) not null,
    category        varchar(64)  not null,
    data            varchar(4000),
    occurred_at     timestamp with time zone not null,
    status          varchar(16)  not null,
    attempts        int          not null,
    next_attempt_at timestamp with time zone not null,
    last_error      varchar(512),
    updated_at      timestamp with time zone not null,
    constraint webhook_delivery_once unique (subscription_id, event_id)
);
create index webhook_delivery_due on webhook_delivery (status, next_attempt_at);

create table known_subject (
    app_id      varchar(128) not null,
    resident_id varchar(128) not null,
    sub         varchar(256) not null,
    primary key (app_id, resident_id)
);
