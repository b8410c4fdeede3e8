DROP TABLE IF EXISTS statmix;
CREATE TABLE statmix (
  id int4, i2 int2, i8 int8, f8 float8, f4 float4, num numeric(10,2), t text, longt text,
  d date, b bool, vc varchar(10), bp char(4), allnull int4, uniqt text);
INSERT INTO statmix
SELECT g,
  CASE WHEN g % 7 = 0 THEN NULL ELSE (g % 37)::int2 END,
  (g::int8 * 7919) % 1000,
  CASE WHEN g % 5 = 0 THEN NULL ELSE ((g * 13) % 101) / 4.0 END,
  ((g % 50) * 1.25)::float4,
  (((g * 31) % 997) / 100.0)::numeric(10,2),
  CASE WHEN g % 3 = 0 THEN NULL ELSE 'val' || ((g * 17) % 211) END,
  repeat('x', g % 200),
  date '2020-01-01' + (g % 400),
  (g % 3 = 0),
  'c' || (g % 11),
  (g % 13)::text,
  NULL,
  'u' || g
FROM generate_series(1, 5000) g;
ANALYZE statmix;
