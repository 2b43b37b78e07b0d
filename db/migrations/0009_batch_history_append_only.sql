-- Batch history is append-only: UPDATE, DELETE and TRUNCATE are refused, except the DELETE that cascades from
-- deleting the whole workspace. 0008 had the DELETE test the wrong way round (a direct DELETE went through while
-- the workspace's cascade was refused); here it raises unless the row's workspace is already gone.
CREATE OR REPLACE FUNCTION batch_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND NOT EXISTS (SELECT 1 FROM workspaces WHERE id = OLD.workspace_id) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'batch history is append-only' USING ERRCODE = 'restrict_violation';
END
$$;
