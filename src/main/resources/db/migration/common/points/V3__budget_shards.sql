-- The activity programme's budget is kept in 16 shards (points.internal.Ledger.shard: by the
-- resident's id), so awards for different residents lock different rows instead of the one
-- programme account. A shard starts empty and takes a chunk from the programme, by a journal entry
-- (REFILL), when it holds less than an award needs; what is left of the budget is the programme's
-- balance and its shards'.
INSERT INTO points_account (id, kind, balance) VALUES
    ('program:activity#0', 'SHARD', 0),
    ('program:activity#1', 'SHARD', 0),
    ('program:activity#2', 'SHARD', 0),
    ('program:activity#3', 'SHARD', 0),
    ('program:activity#4', 'SHARD', 0),
    ('program:activity#5', 'SHARD', 0),
    ('program:activity#6', 'SHARD', 0),
    ('program:activity#7', 'SHARD', 0),
    ('program:activity#8', 'SHARD', 0),
    ('program:activity#9', 'SHARD', 0),
    ('program:activity#10', 'SHARD', 0),
    ('program:activity#11', 'SHARD', 0),
    ('program:activity#12', 'SHARD', 0),
    ('program:activity#13', 'SHARD', 0),
    ('program:activity#14', 'SHARD', 0),
    ('program:activity#15', 'SHARD', 0);
