-- residents: the person behind a Sapporo Smart ID account.
CREATE TABLE resident (
    account_id        UUID         NOT NULL PRIMARY KEY,
    family_name       VARCHAR(100) NOT NULL,
    given_name        VARCHAR(100) NOT NULL,
    family_name_kana  VARCHAR(100) NOT NULL,
    given_name_kana   VARCHAR(100) NOT NULL,
    birth_date        DATE         NOT NULL,
    area              VARCHAR(20)  NOT NULL,
    phone             VARCHAR(20),
    email             VARCHAR(254),
    registered_via    VARCHAR(20)  NOT NULL,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX resident_area ON resident (area);
CREATE INDEX resident_kana ON resident (family_name_kana, given_name_kana);
