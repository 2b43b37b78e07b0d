CREATE TABLE "equipment" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"plant_id" uuid NOT NULL,
	"model" text,
	"serial_number" text,
	"status" text DEFAULT 'active' NOT NULL,
	"last_maintenance" date,
	"next_maintenance" date,
	"notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "equipment_status_check" CHECK ("equipment"."status" in ('active', 'maintenance', 'retired'))
);
--> statement-breakpoint
ALTER TABLE "equipment" ADD CONSTRAINT "equipment_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "equipment" ADD CONSTRAINT "equipment_plant_id_fk" FOREIGN KEY ("workspace_id","plant_id") REFERENCES "public"."plants"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "equipment_workspace_code_key" ON "equipment" USING btree ("workspace_id","code");--> statement-breakpoint
CREATE INDEX "equipment_workspace_code_sort_idx" ON "equipment" USING btree ("workspace_id",coalesce(lower("code"), ''),"id");--> statement-breakpoint
CREATE UNIQUE INDEX "equipment_workspace_id_key" ON "equipment" USING btree ("workspace_id","id");--> statement-breakpoint
CREATE INDEX "equipment_workspace_created_idx" ON "equipment" USING btree ("workspace_id","created_at","id");--> statement-breakpoint
CREATE INDEX "equipment_workspace_updated_idx" ON "equipment" USING btree ("workspace_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "equipment_workspace_name_idx" ON "equipment" USING btree ("workspace_id",coalesce(lower("name"), ''),"id");--> statement-breakpoint
CREATE INDEX "equipment_workspace_status_idx" ON "equipment" USING btree ("workspace_id","status","id");--> statement-breakpoint
CREATE INDEX "equipment_workspace_last_maintenance_idx" ON "equipment" USING btree ("workspace_id",coalesce("last_maintenance", '0001-01-01'::date),"id");--> statement-breakpoint
CREATE INDEX "equipment_workspace_next_maintenance_idx" ON "equipment" USING btree ("workspace_id",coalesce("next_maintenance", '0001-01-01'::date),"id");--> statement-breakpoint
CREATE INDEX "equipment_workspace_plant_id_idx" ON "equipment" USING btree ("workspace_id","plant_id");--> statement-breakpoint
CREATE INDEX "equipment_name_trgm_idx" ON "equipment" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "equipment_model_trgm_idx" ON "equipment" USING gin ("model" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "equipment_serial_number_trgm_idx" ON "equipment" USING gin ("serial_number" gin_trgm_ops);--> statement-breakpoint
CREATE TRIGGER equipment_code BEFORE INSERT ON equipment FOR EACH ROW EXECUTE FUNCTION assign_record_code('EQP', '4');--> statement-breakpoint
CREATE TRIGGER equipment_code_kept BEFORE UPDATE OF code ON equipment FOR EACH ROW EXECUTE FUNCTION keep_record_code();
