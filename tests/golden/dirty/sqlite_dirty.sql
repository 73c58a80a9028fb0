-- The SQLite dirty-record case (sqlite_dirty.db is made from this file with
-- `sqlite3 sqlite_dirty.db < sqlite_dirty.sql`). The key columns have no
-- declared type, so SQLite keeps an integer key as an integer and sorts it
-- before every text key; the source must still merge entities and events in
-- one consistent order. The entities' rowids are far apart, so that with
-- `--threads 2` the entity table is read as two parts (rowids up to 300000
-- and after), the duplicate key in the second: the report must not change.
CREATE TABLE entities (uscc, name TEXT, kind TEXT, division TEXT, founded TEXT, staff);
CREATE TABLE inspections (uscc, date TEXT, passed);
INSERT INTO entities (rowid, uscc, name, kind, division, founded, staff) VALUES
  (1, '911501021000000160', '好餐馆', '餐馆', '150102', '2020-01-01', 10),
  (100000, 99999999, '整数代码', '餐馆', '150102', '2020-01-01', 10),
  (200000, '91150102100000024T', '员工过多', '餐馆', '150102', '2020-01-01', 120),
  (350000, '911501021000000160', '重复代码', '餐馆', '150102', '2020-01-01', 10),
  (400000, '91150102100000059D', '日期错误', '餐馆', '150102', '2023-02-30', 10),
  (500000, NULL, '无代码', '餐馆', '150102', '2020-01-01', 10),
  (600000, '911501021000000678', '员工非整数', '餐馆', '150102', '2020-01-01', 12.5);
INSERT INTO inspections VALUES
  ('91150102100000024T', '2024-03-02', 0),
  (99999999, '2024-03-01', 0),
  ('911501021000000160', '2024-03-01', 1),
  ('911501021000000160', '2024-04-31', 1),
  (NULL, '2024-03-03', 1),
  ('9115010200526CBU2T', '2024-03-03', 1),
  ('911501021000000160', '2024-05-01', 0);
