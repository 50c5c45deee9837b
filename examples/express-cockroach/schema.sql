-- Schema of the example shop API, in CockroachDB dialect (`cockroach sql < schema.sql`).
-- The CLI reads it offline (`--schema examples/express-cockroach/schema.sql`): it never connects.

CREATE TABLE users (
    id UUID NOT NULL DEFAULT gen_random_uuid(),
    email STRING NOT NULL,
    display_name STRING NOT NULL,
    password_hash BYTES NOT NULL,
    reset_token STRING NULL,
    mfa_secret STRING NULL,
    role STRING NOT NULL DEFAULT 'customer',
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT users_pkey PRIMARY KEY (id),
    UNIQUE INDEX users_email_key (email),
    -- Credentials live in their own column family: they change rarely and are read rarely.
    FAMILY profile (id, email, display_name, role, created_at),
    FAMILY credentials (password_hash, reset_token, mfa_secret)
);

CREATE TABLE auth_log (
    id INT8 NOT NULL DEFAULT unique_rowid(),
    user_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    ip_address INET NOT NULL,
    user_agent STRING NULL,
    outcome STRING NOT NULL,
    logged_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT auth_log_pkey PRIMARY KEY (id),
    INDEX auth_log_user_idx (user_id, logged_at DESC)
);

CREATE TABLE orders (
    id INT8 NOT NULL DEFAULT unique_rowid(),
    user_id UUID NOT NULL REFERENCES users (id),
    status STRING NOT NULL DEFAULT 'pending',
    total_cents INT8 NOT NULL,
    currency STRING(3) NOT NULL DEFAULT 'EUR',
    placed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT orders_pkey PRIMARY KEY (id),
    INDEX orders_user_idx (user_id, placed_at DESC)
);

CREATE TABLE payment_methods (
    id UUID NOT NULL DEFAULT gen_random_uuid(),
    user_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    brand STRING NOT NULL,
    card_number STRING NOT NULL,
    card_last4 STRING(4) NOT NULL,
    exp_month INT2 NOT NULL,
    exp_year INT2 NOT NULL,
    is_default BOOL NOT NULL DEFAULT false,
    CONSTRAINT payment_methods_pkey PRIMARY KEY (id),
    INDEX payment_methods_user_idx (user_id)
);

-- The checkout page reads this view. It was written for the billing job, which needs the full
-- card number, and so it projects `card_number` (as `card`) to everyone who selects from it.
CREATE VIEW checkout_cards AS
    SELECT p.id, p.user_id, u.display_name AS holder, p.brand, p.card_number AS card,
           p.card_last4 AS last4, p.exp_month, p.exp_year, p.is_default
    FROM payment_methods AS p
    JOIN users AS u ON u.id = p.user_id;
