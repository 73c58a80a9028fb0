-- Baseline (a): the 20 checks of bench/rules/bench.jg and its credit model,
-- written as SQL and run by SQLite over the same database. `:as_of` is bound
-- by bench_sql. Each row is one finding (entity, rule), or one grade.
WITH gas(k) AS (VALUES ('瓶装燃气供应站'), ('管道燃气企业'), ('加气站')),
food(k) AS (VALUES ('餐饮服务'), ('单位食堂'), ('学校食堂'), ('食品销售'), ('食品生产')),
drug(k) AS (VALUES ('药品零售'), ('药品批发')),
build(k) AS (VALUES ('建筑施工企业'), ('预拌混凝土企业'), ('工程检测机构')),
fin(k) AS (VALUES ('投资咨询公司'), ('地方金融组织')),
general(k) AS (SELECT k FROM gas UNION ALL SELECT k FROM food UNION ALL SELECT k FROM drug
               UNION ALL SELECT k FROM build UNION ALL SELECT k FROM fin UNION ALL VALUES ('一般企业'))
SELECT uscc, 'B01许可过期' FROM entities WHERE kind IN gas AND licence_expiry IS NOT NULL AND licence_expiry < :as_of
UNION ALL SELECT uscc, 'B02钢瓶数' FROM entities WHERE kind IN gas AND coalesce(cylinders, 0) > 4
UNION ALL SELECT uscc, 'B03钢瓶重' FROM entities WHERE kind IN gas AND coalesce(cylinder_kg, 0) > 100
UNION ALL SELECT uscc, 'B04软管' FROM entities WHERE kind IN gas AND coalesce(hose_m, 0) > 2
UNION ALL SELECT uscc, 'B05调压器' FROM entities WHERE kind IN gas AND regulator_installed IS NOT NULL
  AND julianday(:as_of) - julianday(regulator_installed) > 1825
UNION ALL SELECT uscc, 'B06报警器' FROM entities WHERE kind IN gas AND coalesce(leak_alarm_ok, 1) = 0
UNION ALL SELECT uscc, 'B07高层' FROM entities WHERE kind IN gas AND coalesce(high_rise_or_basement, 0) = 1
UNION ALL SELECT uscc, 'B08食品许可' FROM entities WHERE kind IN food AND licence_expiry IS NOT NULL AND licence_expiry < :as_of
UNION ALL SELECT uscc, 'B09健康证' FROM entities WHERE kind IN food AND coalesce(health_certs_ok, 1) = 0
UNION ALL SELECT uscc, 'B10药品许可' FROM entities WHERE kind IN drug AND licence_expiry IS NOT NULL AND licence_expiry < :as_of
UNION ALL SELECT uscc, 'B11药师' FROM entities WHERE kind IN drug AND coalesce(pharmacist_on_duty, 1) = 0
UNION ALL SELECT uscc, 'B12检测报告' FROM entities WHERE kind IN build AND coalesce(test_reports_ok, 1) = 0
UNION ALL SELECT uscc, 'B13金融字样' FROM entities WHERE kind IN fin AND instr(name, '金融') > 0
UNION ALL SELECT uscc, 'B14年报' FROM entities WHERE kind IN general AND annual_report = 0
UNION ALL SELECT uscc, 'B15异常名录' FROM entities WHERE kind IN general AND abnormal = 1
UNION ALL SELECT e.uscc, 'B16投诉' FROM entities e WHERE kind IN general AND
  (SELECT count(*) FROM complaints c WHERE c.uscc = e.uscc AND c.date > date(:as_of, '-180 days') AND c.date <= :as_of) > 3
UNION ALL SELECT e.uscc, 'B17检查不合格' FROM entities e WHERE kind IN general AND
  (SELECT count(*) FROM inspections i WHERE i.uscc = e.uscc AND i.passed = 0 AND i.date > date(:as_of, '-365 days') AND i.date <= :as_of) > 0
UNION ALL SELECT e.uscc, 'B18较重处罚' FROM entities e WHERE kind IN general AND
  (SELECT count(*) FROM penalties p WHERE p.uscc = e.uscc AND p.heavy = 1 AND p.date > date(:as_of, '-1095 days') AND p.date <= :as_of) > 0
UNION ALL SELECT e.uscc, 'B19罚款总额' FROM entities e WHERE kind IN general AND
  (SELECT coalesce(sum(p.amount), 0) FROM penalties p WHERE p.uscc = e.uscc AND p.date > date(:as_of, '-365 days') AND p.date <= :as_of) > 100000
UNION ALL SELECT e.uscc, 'B20告警' FROM entities e WHERE kind IN gas AND
  (SELECT count(*) FROM alarms a WHERE a.uscc = e.uscc AND a.date > date(:as_of, '-90 days') AND a.date <= :as_of) > 0
UNION ALL SELECT uscc, 'grade ' || CASE WHEN serious_dishonest = 1 THEN 'D' WHEN score >= 90 THEN 'A' WHEN score >= 75 THEN 'B'
                                  WHEN score >= 60 THEN 'C' ELSE 'D' END FROM (
  SELECT e.uscc, e.serious_dishonest, 100
    - 10 * (SELECT count(*) FROM penalties p WHERE p.uscc = e.uscc AND p.date > date(:as_of, '-1095 days') AND p.date <= :as_of)
    - 20 * (SELECT count(*) FROM penalties p WHERE p.uscc = e.uscc AND p.heavy = 1 AND p.date > date(:as_of, '-1095 days') AND p.date <= :as_of)
    - 2 * (SELECT count(*) FROM complaints c WHERE c.uscc = e.uscc AND c.date > date(:as_of, '-365 days') AND c.date <= :as_of)
    - 5 * (SELECT count(*) FROM inspections i WHERE i.uscc = e.uscc AND i.passed = 0 AND i.date > date(:as_of, '-365 days') AND i.date <= :as_of)
    - 15 * e.abnormal - 5 * (1 - e.annual_report) AS score
  FROM entities e);
