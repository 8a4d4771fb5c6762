-- foodloss: what a shop has left over today (an offer), and who reserved how many of it. Stock is
-- quantity_left, taken only by a conditional update under the offer's row lock and never below zero.
CREATE TABLE food_offer (
    id                 UUID         NOT NULL PRIMARY KEY,
    shop_id            UUID         NOT NULL REFERENCES shop (id),
    item_name          VARCHAR(100) NOT NULL,
    quantity           INT          NOT NULL,
    quantity_left      INT          NOT NULL,
    per_resident_limit INT          NOT NULL,
    price_yen          INT          NOT NULL,   -- 0 is free (無料)
    pickup_from        TIMESTAMP WITH TIME ZONE NOT NULL,
    pickup_until       TIMESTAMP WITH TIME ZONE NOT NULL,
    note               VARCHAR(300),
    posted_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    posted_by          VARCHAR(100) NOT NULL,
    CONSTRAINT food_offer_stock CHECK (quantity_left >= 0 AND quantity_left <= quantity),
    CONSTRAINT food_offer_quantity CHECK (quantity BETWEEN 1 AND 999),
    CONSTRAINT food_offer_price CHECK (price_yen BETWEEN 0 AND 100000),
    CONSTRAINT food_offer_window CHECK (pickup_until > pickup_from)
);
CREATE INDEX food_offer_open ON food_offer (pickup_until);
CREATE INDEX food_offer_shop ON food_offer (shop_id, pickup_until);

-- the optional photo, apart so that lists never read it
CREATE TABLE food_offer_photo (
    offer_id     UUID        NOT NULL PRIMARY KEY REFERENCES food_offer (id),
    content_type VARCHAR(20) NOT NULL,
    bytes        BYTEA       NOT NULL
);

CREATE TABLE food_reservation (
    id           UUID        NOT NULL PRIMARY KEY,
    offer_id     UUID        NOT NULL REFERENCES food_offer (id),
    resident     UUID        NOT NULL REFERENCES account (id),
    quantity     INT         NOT NULL,
    status       VARCHAR(12) NOT NULL,        -- RESERVED, PICKED_UP, RELEASED, CANCELLED
    reserved_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    changed_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    picked_up_by VARCHAR(100),
    CONSTRAINT food_reservation_quantity CHECK (quantity >= 1)
);
CREATE INDEX food_reservation_offer ON food_reservation (offer_id, status);
CREATE INDEX food_reservation_resident ON food_reservation (resident, status);
