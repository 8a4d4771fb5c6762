-- coupons: campaigns (a coupon or a ticket, from a shop or the city), the coupons residents hold,
-- and the key that signs their QR codes. A coupon is used once: its redeemed_at is set by an UPDATE
-- that only matches while it is still null, so two tills at the same moment cannot both succeed.
CREATE TABLE coupon_campaign (
    id             UUID         NOT NULL PRIMARY KEY,
    kind           VARCHAR(10)  NOT NULL,            -- COUPON or TICKET
    title          VARCHAR(100) NOT NULL,            -- 「コーヒー1杯無料」
    worth          VARCHAR(100) NOT NULL,            -- what it is worth, in the words on the slip: 「100円引き」
    shop_id        UUID REFERENCES shop (id),        -- null: the city's, used at any shop
    area           VARCHAR(30),                      -- null: every resident; else only those of this area
    price_points   INT          NOT NULL,            -- 0: free
    settlement_yen INT          NOT NULL,            -- what the city pays the shop for each one used
    valid_from     TIMESTAMP WITH TIME ZONE NOT NULL,
    valid_until    TIMESTAMP WITH TIME ZONE NOT NULL,
    stock          INT          NOT NULL,
    issued         INT          NOT NULL,
    per_person     INT          NOT NULL,
    created_by     VARCHAR(100) NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT coupon_campaign_stock CHECK (issued >= 0 AND issued <= stock)
);
CREATE INDEX coupon_campaign_until ON coupon_campaign (valid_until);

CREATE TABLE coupon (
    id            UUID        NOT NULL PRIMARY KEY,
    campaign_id   UUID        NOT NULL REFERENCES coupon_campaign (id),
    resident_id   UUID        NOT NULL REFERENCES account (id),
    short_code    VARCHAR(8)  NOT NULL,
    issued_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    redeemed_at   TIMESTAMP WITH TIME ZONE,
    redeemed_shop UUID REFERENCES shop (id),
    redeemed_by   UUID,
    CONSTRAINT coupon_short_code UNIQUE (short_code)
);
CREATE INDEX coupon_resident ON coupon (resident_id, campaign_id);
CREATE INDEX coupon_redeemed ON coupon (redeemed_shop, redeemed_at);

CREATE TABLE coupon_signing_key (
    id         VARCHAR(20)  NOT NULL PRIMARY KEY,
    secret     VARCHAR(100) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
