ALTER TABLE "webhook_deliveries" ADD COLUMN "attempting_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "webhook_deliveries" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Outbound webhook fan-out, in the write's own transaction: as an event is recorded in the outbox, one delivery
-- per active endpoint of its workspace that takes it (its name or `*` among the endpoint's events), with the body
-- every attempt will send fixed now. Only workspace events (a workspace and realtime channels) go out: mail and
-- other internal sinks never do. The count lands on the outbox row, so dispatch looks for deliveries only when
-- there are some.
CREATE FUNCTION outbox_webhook_deliveries() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  n integer;
BEGIN
  IF NEW.workspace_id IS NULL OR cardinality(NEW.channels) = 0 THEN
    RETURN NEW;
  END IF;
  INSERT INTO webhook_deliveries (workspace_id, endpoint_id, event_id, event, body, created_at, next_attempt_at)
  SELECT NEW.workspace_id, e.id, NEW.id, NEW.name,
    '{"id":' || to_json('evt_' || NEW.id)::text
      || ',"type":' || to_json(NEW.name)::text
      || ',"workspaceId":' || to_json(NEW.workspace_id)::text
      || ',"createdAt":' || to_json(to_char(NEW.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))::text
      || ',"data":' || NEW.payload::text || '}',
    NEW.created_at, NEW.created_at
  FROM webhook_endpoints e
  WHERE e.workspace_id = NEW.workspace_id AND e.active AND (NEW.name = ANY (e.events) OR '*' = ANY (e.events));
  GET DIAGNOSTICS n = ROW_COUNT;
  NEW.webhook_deliveries := n;
  RETURN NEW;
END;
$$;--> statement-breakpoint
CREATE TRIGGER outbox_webhook_deliveries BEFORE INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION outbox_webhook_deliveries();
