-- shops: the shops that take part, and the SHOP accounts that work at each
CREATE TABLE shop (
    id            UUID         NOT NULL PRIMARY KEY,
    name          VARCHAR(100) NOT NULL,
    area          VARCHAR(30)  NOT NULL,
    address       VARCHAR(200) NOT NULL,
    opening_hours VARCHAR(200) NOT NULL
);

CREATE TABLE shop_member (
    shop_id    UUID NOT NULL REFERENCES shop (id),
    account_id UUID NOT NULL REFERENCES account (id),
    PRIMARY KEY (shop_id, account_id)
);
CREATE INDEX shop_member_account ON shop_member (account_id);
