-- Series read a metric's rollups by (workspace, name, service, bucket) and need only count, sum, min and max:
-- a covering index lets them read the index alone (no heap page per row: a year of one series is 35,040 rows
-- spread over the table by ingestion's interleaving). Day and week series scan one range per bucket.
CREATE INDEX "metric_rollups_series_idx" ON "metric_rollups" USING btree ("workspace_id", "name", "service_id", "bucket") INCLUDE ("count", "sum", "min", "max");
