-- Every workspace gets its default dashboard, its home page: the widgets of the inbox dashboard it showed before
-- (contracts/dashboard-grid.ts DEFAULT_DASHBOARD; workspaces created from now on get theirs in the transaction
-- that creates them). A workspace that already has a default dashboard keeps it.
INSERT INTO "dashboards" ("workspace_id", "name", "widgets", "is_default")
SELECT w."id", 'Overview', '[{"id":"new-conversations","type":"kpi","title":"New conversations","query":{"name":"conversations.created","serviceId":null,"agg":"count","interval":"day"},"layout":{"x":0,"y":0,"w":4,"h":2}},{"id":"messages-received","type":"kpi","title":"Messages received","query":{"name":"messages.received","serviceId":null,"agg":"count","interval":"day"},"layout":{"x":4,"y":0,"w":4,"h":2}},{"id":"first-response","type":"kpi","title":"First response time","query":{"name":"conversations.first_response_seconds","serviceId":null,"agg":"avg","interval":"day"},"layout":{"x":8,"y":0,"w":4,"h":2}},{"id":"conversations-per-day","type":"bar","title":"New conversations per day","query":{"name":"conversations.created","serviceId":null,"agg":"count","interval":"day"},"layout":{"x":0,"y":2,"w":12,"h":4}}]'::jsonb, true
FROM "workspaces" w
WHERE NOT EXISTS (SELECT 1 FROM "dashboards" d WHERE d."workspace_id" = w."id" AND d."is_default");
