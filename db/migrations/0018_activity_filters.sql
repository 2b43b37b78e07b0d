DROP INDEX "activities_actor_id_idx";--> statement-breakpoint
CREATE INDEX "activities_actor_created_idx" ON "activities" USING btree ("actor_id","workspace_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "activities_workspace_action_created_idx" ON "activities" USING btree ("workspace_id","action","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);