CREATE TABLE "batch_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"batch_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"from_status" text,
	"to_status" text,
	"reason" text,
	"actor_id" uuid,
	"actor_name" text NOT NULL,
	"signature" jsonb,
	"details" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "material_movements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"material_id" uuid NOT NULL,
	"plant_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	"reason" text NOT NULL,
	"batch_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "material_movements_not_zero" CHECK ("material_movements"."quantity" <> 0)
);
--> statement-breakpoint
CREATE TABLE "material_stock" (
	"workspace_id" uuid NOT NULL,
	"material_id" uuid NOT NULL,
	"plant_id" uuid NOT NULL,
	"quantity" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "material_stock_material_id_plant_id_pk" PRIMARY KEY("material_id","plant_id"),
	CONSTRAINT "material_stock_not_negative" CHECK ("material_stock"."quantity" >= 0)
);
--> statement-breakpoint
CREATE TABLE "batches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"code" text NOT NULL,
	"plant_id" uuid NOT NULL,
	"product" text NOT NULL,
	"planned_quantity" integer NOT NULL,
	"produced_quantity" integer,
	"unit" text NOT NULL,
	"inputs" jsonb,
	"status" text DEFAULT 'planned' NOT NULL,
	"planned_start" date,
	"started_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "batches_status_check" CHECK ("batches"."status" in ('planned', 'in_progress', 'on_hold', 'quality_check', 'released', 'rejected', 'cancelled'))
);
--> statement-breakpoint
CREATE TABLE "employees" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"email" text,
	"phone" text,
	"position" text,
	"department" text,
	"hire_date" date,
	"status" text DEFAULT 'active' NOT NULL,
	"user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "employees_status_check" CHECK ("employees"."status" in ('active', 'on_leave', 'inactive'))
);
--> statement-breakpoint
CREATE TABLE "materials" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"unit" text NOT NULL,
	"category" text,
	"min_stock" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "plants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"location" text,
	"capacity_per_day" integer,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plants_status_check" CHECK ("plants"."status" in ('active', 'maintenance', 'inactive'))
);
--> statement-breakpoint
CREATE TABLE "professionals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"email" text,
	"phone" text,
	"specialty" text,
	"hourly_rate" integer,
	"currency" text DEFAULT 'usd' NOT NULL,
	"notes" text,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "professionals_status_check" CHECK ("professionals"."status" in ('active', 'inactive'))
);
--> statement-breakpoint
CREATE TABLE "projects" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"status" text DEFAULT 'planning' NOT NULL,
	"customer_id" uuid,
	"budget" integer,
	"currency" text DEFAULT 'usd' NOT NULL,
	"start_date" date,
	"due_date" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "projects_status_check" CHECK ("projects"."status" in ('planning', 'in_progress', 'completed', 'cancelled'))
);
--> statement-breakpoint
CREATE TABLE "suppliers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"contact_name" text,
	"email" text,
	"phone" text,
	"category" text,
	"address" text,
	"tax_id" text,
	"notes" text,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "suppliers_status_check" CHECK ("suppliers"."status" in ('active', 'inactive'))
);
--> statement-breakpoint
CREATE TABLE "tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"code" text NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"project_id" uuid,
	"status" text DEFAULT 'pending' NOT NULL,
	"priority" text DEFAULT 'medium' NOT NULL,
	"assignee_employee_id" uuid,
	"due_date" date,
	"position" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tasks_status_check" CHECK ("tasks"."status" in ('pending', 'in_progress', 'completed')),
	CONSTRAINT "tasks_priority_check" CHECK ("tasks"."priority" in ('low', 'medium', 'high', 'urgent'))
);
--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "code" text;--> statement-breakpoint
-- Existing customers get their client codes in the order they were created, and each workspace's counter
-- continues from there (the assign_record_code trigger below numbers every later insert).
UPDATE "customers" c SET "code" = 'CLI-' || lpad(n.rn::text, greatest(4, length(n.rn::text)), '0')
FROM (SELECT "id", row_number() OVER (PARTITION BY "workspace_id" ORDER BY "created_at", "id") AS rn FROM "customers") n
WHERE n."id" = c."id";--> statement-breakpoint
INSERT INTO "workspace_counters" ("workspace_id", "name", "value")
SELECT "workspace_id", 'code:CLI', count(*) FROM "customers" GROUP BY "workspace_id";--> statement-breakpoint
ALTER TABLE "customers" ALTER COLUMN "code" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "address" text;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "tax_id" text;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "notes" text;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "status" text DEFAULT 'active' NOT NULL;--> statement-breakpoint
-- The unique (workspace_id, id) keys first: the composite references below point at them.
CREATE UNIQUE INDEX "batches_workspace_code_key" ON "batches" USING btree ("workspace_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "batches_workspace_id_key" ON "batches" USING btree ("workspace_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "employees_workspace_code_key" ON "employees" USING btree ("workspace_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "employees_workspace_id_key" ON "employees" USING btree ("workspace_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "materials_workspace_code_key" ON "materials" USING btree ("workspace_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "materials_workspace_id_key" ON "materials" USING btree ("workspace_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "plants_workspace_code_key" ON "plants" USING btree ("workspace_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "plants_workspace_id_key" ON "plants" USING btree ("workspace_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "professionals_workspace_code_key" ON "professionals" USING btree ("workspace_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "professionals_workspace_id_key" ON "professionals" USING btree ("workspace_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "projects_workspace_code_key" ON "projects" USING btree ("workspace_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "projects_workspace_id_key" ON "projects" USING btree ("workspace_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "suppliers_workspace_code_key" ON "suppliers" USING btree ("workspace_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "suppliers_workspace_id_key" ON "suppliers" USING btree ("workspace_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "tasks_workspace_code_key" ON "tasks" USING btree ("workspace_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "tasks_workspace_id_key" ON "tasks" USING btree ("workspace_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "customers_workspace_code_key" ON "customers" USING btree ("workspace_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "customers_workspace_id_key" ON "customers" USING btree ("workspace_id","id");--> statement-breakpoint
ALTER TABLE "batch_history" ADD CONSTRAINT "batch_history_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "batch_history" ADD CONSTRAINT "batch_history_batch_fk" FOREIGN KEY ("workspace_id","batch_id") REFERENCES "public"."batches"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "material_movements" ADD CONSTRAINT "material_movements_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "material_movements" ADD CONSTRAINT "material_movements_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "material_movements" ADD CONSTRAINT "material_movements_material_fk" FOREIGN KEY ("workspace_id","material_id") REFERENCES "public"."materials"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "material_movements" ADD CONSTRAINT "material_movements_plant_fk" FOREIGN KEY ("workspace_id","plant_id") REFERENCES "public"."plants"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "material_stock" ADD CONSTRAINT "material_stock_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "material_stock" ADD CONSTRAINT "material_stock_material_fk" FOREIGN KEY ("workspace_id","material_id") REFERENCES "public"."materials"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "material_stock" ADD CONSTRAINT "material_stock_plant_fk" FOREIGN KEY ("workspace_id","plant_id") REFERENCES "public"."plants"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "batches" ADD CONSTRAINT "batches_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "batches" ADD CONSTRAINT "batches_plant_id_fk" FOREIGN KEY ("workspace_id","plant_id") REFERENCES "public"."plants"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "batches" ADD CONSTRAINT "batches_created_by_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "employees" ADD CONSTRAINT "employees_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "employees" ADD CONSTRAINT "employees_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "materials" ADD CONSTRAINT "materials_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plants" ADD CONSTRAINT "plants_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "professionals" ADD CONSTRAINT "professionals_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_customer_id_fk" FOREIGN KEY ("workspace_id","customer_id") REFERENCES "public"."customers"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suppliers" ADD CONSTRAINT "suppliers_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_project_id_fk" FOREIGN KEY ("workspace_id","project_id") REFERENCES "public"."projects"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_assignee_employee_id_fk" FOREIGN KEY ("workspace_id","assignee_employee_id") REFERENCES "public"."employees"("workspace_id","id") ON DELETE SET NULL ("assignee_employee_id") ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "batch_history_batch_idx" ON "batch_history" USING btree ("batch_id","id");--> statement-breakpoint
CREATE INDEX "material_movements_material_idx" ON "material_movements" USING btree ("workspace_id","material_id","created_at","id");--> statement-breakpoint
CREATE INDEX "material_movements_batch_idx" ON "material_movements" USING btree ("batch_id");--> statement-breakpoint
CREATE INDEX "material_stock_workspace_plant_idx" ON "material_stock" USING btree ("workspace_id","plant_id");--> statement-breakpoint
CREATE INDEX "batches_workspace_code_sort_idx" ON "batches" USING btree ("workspace_id",coalesce(lower("code"), ''),"id");--> statement-breakpoint
CREATE INDEX "batches_workspace_created_idx" ON "batches" USING btree ("workspace_id","created_at","id");--> statement-breakpoint
CREATE INDEX "batches_workspace_updated_idx" ON "batches" USING btree ("workspace_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "batches_workspace_product_idx" ON "batches" USING btree ("workspace_id",coalesce(lower("product"), ''),"id");--> statement-breakpoint
CREATE INDEX "batches_workspace_planned_quantity_idx" ON "batches" USING btree ("workspace_id",coalesce("planned_quantity", -1),"id");--> statement-breakpoint
CREATE INDEX "batches_workspace_status_idx" ON "batches" USING btree ("workspace_id","status","id");--> statement-breakpoint
CREATE INDEX "batches_workspace_planned_start_idx" ON "batches" USING btree ("workspace_id",coalesce("planned_start", '0001-01-01'::date),"id");--> statement-breakpoint
CREATE INDEX "batches_workspace_started_at_idx" ON "batches" USING btree ("workspace_id",coalesce("started_at", '1970-01-01T00:00:00Z'::timestamptz),"id");--> statement-breakpoint
CREATE INDEX "batches_workspace_completed_at_idx" ON "batches" USING btree ("workspace_id",coalesce("completed_at", '1970-01-01T00:00:00Z'::timestamptz),"id");--> statement-breakpoint
CREATE INDEX "batches_workspace_plant_id_idx" ON "batches" USING btree ("workspace_id","plant_id");--> statement-breakpoint
CREATE INDEX "batches_product_trgm_idx" ON "batches" USING gin ("product" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "employees_workspace_code_sort_idx" ON "employees" USING btree ("workspace_id",coalesce(lower("code"), ''),"id");--> statement-breakpoint
CREATE INDEX "employees_workspace_created_idx" ON "employees" USING btree ("workspace_id","created_at","id");--> statement-breakpoint
CREATE INDEX "employees_workspace_updated_idx" ON "employees" USING btree ("workspace_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "employees_workspace_name_idx" ON "employees" USING btree ("workspace_id",coalesce(lower("name"), ''),"id");--> statement-breakpoint
CREATE INDEX "employees_workspace_email_idx" ON "employees" USING btree ("workspace_id",coalesce(lower("email"), ''),"id");--> statement-breakpoint
CREATE INDEX "employees_workspace_position_idx" ON "employees" USING btree ("workspace_id",coalesce(lower("position"), ''),"id");--> statement-breakpoint
CREATE INDEX "employees_workspace_department_idx" ON "employees" USING btree ("workspace_id",coalesce(lower("department"), ''),"id");--> statement-breakpoint
CREATE INDEX "employees_workspace_hire_date_idx" ON "employees" USING btree ("workspace_id",coalesce("hire_date", '0001-01-01'::date),"id");--> statement-breakpoint
CREATE INDEX "employees_workspace_status_idx" ON "employees" USING btree ("workspace_id","status","id");--> statement-breakpoint
CREATE INDEX "employees_workspace_user_id_idx" ON "employees" USING btree ("workspace_id","user_id");--> statement-breakpoint
CREATE INDEX "employees_name_trgm_idx" ON "employees" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "employees_email_trgm_idx" ON "employees" USING gin ("email" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "employees_phone_trgm_idx" ON "employees" USING gin ("phone" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "employees_position_trgm_idx" ON "employees" USING gin ("position" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "materials_workspace_code_sort_idx" ON "materials" USING btree ("workspace_id",coalesce(lower("code"), ''),"id");--> statement-breakpoint
CREATE INDEX "materials_workspace_created_idx" ON "materials" USING btree ("workspace_id","created_at","id");--> statement-breakpoint
CREATE INDEX "materials_workspace_updated_idx" ON "materials" USING btree ("workspace_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "materials_workspace_name_idx" ON "materials" USING btree ("workspace_id",coalesce(lower("name"), ''),"id");--> statement-breakpoint
CREATE INDEX "materials_workspace_category_idx" ON "materials" USING btree ("workspace_id",coalesce(lower("category"), ''),"id");--> statement-breakpoint
CREATE INDEX "materials_workspace_min_stock_idx" ON "materials" USING btree ("workspace_id",coalesce("min_stock", -1),"id");--> statement-breakpoint
CREATE INDEX "materials_name_trgm_idx" ON "materials" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "plants_workspace_code_sort_idx" ON "plants" USING btree ("workspace_id",coalesce(lower("code"), ''),"id");--> statement-breakpoint
CREATE INDEX "plants_workspace_created_idx" ON "plants" USING btree ("workspace_id","created_at","id");--> statement-breakpoint
CREATE INDEX "plants_workspace_updated_idx" ON "plants" USING btree ("workspace_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "plants_workspace_name_idx" ON "plants" USING btree ("workspace_id",coalesce(lower("name"), ''),"id");--> statement-breakpoint
CREATE INDEX "plants_workspace_location_idx" ON "plants" USING btree ("workspace_id",coalesce(lower("location"), ''),"id");--> statement-breakpoint
CREATE INDEX "plants_workspace_capacity_per_day_idx" ON "plants" USING btree ("workspace_id",coalesce("capacity_per_day", -1),"id");--> statement-breakpoint
CREATE INDEX "plants_workspace_status_idx" ON "plants" USING btree ("workspace_id","status","id");--> statement-breakpoint
CREATE INDEX "plants_name_trgm_idx" ON "plants" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "plants_location_trgm_idx" ON "plants" USING gin ("location" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "professionals_workspace_code_sort_idx" ON "professionals" USING btree ("workspace_id",coalesce(lower("code"), ''),"id");--> statement-breakpoint
CREATE INDEX "professionals_workspace_created_idx" ON "professionals" USING btree ("workspace_id","created_at","id");--> statement-breakpoint
CREATE INDEX "professionals_workspace_updated_idx" ON "professionals" USING btree ("workspace_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "professionals_workspace_name_idx" ON "professionals" USING btree ("workspace_id",coalesce(lower("name"), ''),"id");--> statement-breakpoint
CREATE INDEX "professionals_workspace_email_idx" ON "professionals" USING btree ("workspace_id",coalesce(lower("email"), ''),"id");--> statement-breakpoint
CREATE INDEX "professionals_workspace_specialty_idx" ON "professionals" USING btree ("workspace_id",coalesce(lower("specialty"), ''),"id");--> statement-breakpoint
CREATE INDEX "professionals_workspace_hourly_rate_idx" ON "professionals" USING btree ("workspace_id",coalesce("hourly_rate", -1),"id");--> statement-breakpoint
CREATE INDEX "professionals_workspace_status_idx" ON "professionals" USING btree ("workspace_id","status","id");--> statement-breakpoint
CREATE INDEX "professionals_name_trgm_idx" ON "professionals" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "professionals_email_trgm_idx" ON "professionals" USING gin ("email" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "professionals_phone_trgm_idx" ON "professionals" USING gin ("phone" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "professionals_specialty_trgm_idx" ON "professionals" USING gin ("specialty" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "projects_workspace_code_sort_idx" ON "projects" USING btree ("workspace_id",coalesce(lower("code"), ''),"id");--> statement-breakpoint
CREATE INDEX "projects_workspace_created_idx" ON "projects" USING btree ("workspace_id","created_at","id");--> statement-breakpoint
CREATE INDEX "projects_workspace_updated_idx" ON "projects" USING btree ("workspace_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "projects_workspace_name_idx" ON "projects" USING btree ("workspace_id",coalesce(lower("name"), ''),"id");--> statement-breakpoint
CREATE INDEX "projects_workspace_status_idx" ON "projects" USING btree ("workspace_id","status","id");--> statement-breakpoint
CREATE INDEX "projects_workspace_budget_idx" ON "projects" USING btree ("workspace_id",coalesce("budget", -1),"id");--> statement-breakpoint
CREATE INDEX "projects_workspace_start_date_idx" ON "projects" USING btree ("workspace_id",coalesce("start_date", '0001-01-01'::date),"id");--> statement-breakpoint
CREATE INDEX "projects_workspace_due_date_idx" ON "projects" USING btree ("workspace_id",coalesce("due_date", '0001-01-01'::date),"id");--> statement-breakpoint
CREATE INDEX "projects_workspace_customer_id_idx" ON "projects" USING btree ("workspace_id","customer_id");--> statement-breakpoint
CREATE INDEX "projects_name_trgm_idx" ON "projects" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "projects_description_trgm_idx" ON "projects" USING gin ("description" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "suppliers_workspace_code_sort_idx" ON "suppliers" USING btree ("workspace_id",coalesce(lower("code"), ''),"id");--> statement-breakpoint
CREATE INDEX "suppliers_workspace_created_idx" ON "suppliers" USING btree ("workspace_id","created_at","id");--> statement-breakpoint
CREATE INDEX "suppliers_workspace_updated_idx" ON "suppliers" USING btree ("workspace_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "suppliers_workspace_name_idx" ON "suppliers" USING btree ("workspace_id",coalesce(lower("name"), ''),"id");--> statement-breakpoint
CREATE INDEX "suppliers_workspace_email_idx" ON "suppliers" USING btree ("workspace_id",coalesce(lower("email"), ''),"id");--> statement-breakpoint
CREATE INDEX "suppliers_workspace_category_idx" ON "suppliers" USING btree ("workspace_id",coalesce(lower("category"), ''),"id");--> statement-breakpoint
CREATE INDEX "suppliers_workspace_status_idx" ON "suppliers" USING btree ("workspace_id","status","id");--> statement-breakpoint
CREATE INDEX "suppliers_name_trgm_idx" ON "suppliers" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "suppliers_contact_name_trgm_idx" ON "suppliers" USING gin ("contact_name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "suppliers_email_trgm_idx" ON "suppliers" USING gin ("email" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "suppliers_phone_trgm_idx" ON "suppliers" USING gin ("phone" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "suppliers_tax_id_trgm_idx" ON "suppliers" USING gin ("tax_id" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "tasks_workspace_code_sort_idx" ON "tasks" USING btree ("workspace_id",coalesce(lower("code"), ''),"id");--> statement-breakpoint
CREATE INDEX "tasks_workspace_created_idx" ON "tasks" USING btree ("workspace_id","created_at","id");--> statement-breakpoint
CREATE INDEX "tasks_workspace_updated_idx" ON "tasks" USING btree ("workspace_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "tasks_workspace_title_idx" ON "tasks" USING btree ("workspace_id",coalesce(lower("title"), ''),"id");--> statement-breakpoint
CREATE INDEX "tasks_workspace_status_idx" ON "tasks" USING btree ("workspace_id","status","id");--> statement-breakpoint
CREATE INDEX "tasks_workspace_priority_idx" ON "tasks" USING btree ("workspace_id","priority","id");--> statement-breakpoint
CREATE INDEX "tasks_workspace_due_date_idx" ON "tasks" USING btree ("workspace_id",coalesce("due_date", '0001-01-01'::date),"id");--> statement-breakpoint
CREATE INDEX "tasks_workspace_position_idx" ON "tasks" USING btree ("workspace_id",coalesce("position", -1),"id");--> statement-breakpoint
CREATE INDEX "tasks_workspace_project_id_idx" ON "tasks" USING btree ("workspace_id","project_id");--> statement-breakpoint
CREATE INDEX "tasks_workspace_assignee_employee_id_idx" ON "tasks" USING btree ("workspace_id","assignee_employee_id");--> statement-breakpoint
CREATE INDEX "tasks_title_trgm_idx" ON "tasks" USING gin ("title" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "tasks_description_trgm_idx" ON "tasks" USING gin ("description" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "customers_code_trgm_idx" ON "customers" USING gin ("code" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "customers_workspace_updated_idx" ON "customers" USING btree ("workspace_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "customers_workspace_name_sort_idx" ON "customers" USING btree ("workspace_id",coalesce(lower("name"), ''),"id");--> statement-breakpoint
CREATE INDEX "customers_workspace_code_sort_idx" ON "customers" USING btree ("workspace_id",coalesce(lower("code"), ''),"id");--> statement-breakpoint
CREATE INDEX "customers_workspace_email_sort_idx" ON "customers" USING btree ("workspace_id",coalesce(lower("email"), ''),"id");--> statement-breakpoint
CREATE INDEX "customers_workspace_company_sort_idx" ON "customers" USING btree ("workspace_id",coalesce(lower("company"), ''),"id");--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_status_check" CHECK ("customers"."status" in ('active', 'inactive'));--> statement-breakpoint
-- Human codes (API.md "Human numbers"): every insert into a coded table takes the next value of its
-- workspace's counter (workspace_counters, row-locked until commit, so codes are unique and increasing under
-- concurrency and a deleted record's code is never given again). Arguments: prefix, digits, by year. A row
-- that comes with its code took it from the same counter in the same statement (a bulk import reserves its
-- codes with one counter update: api/_lib/resources/codes.ts); no request can choose a code.
CREATE FUNCTION assign_record_code() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  series text := TG_ARGV[0] || CASE WHEN TG_ARGV[2] = 'year' THEN '-' || extract(year FROM now() AT TIME ZONE 'UTC')::int::text ELSE '' END;
  n integer;
BEGIN
  IF NEW.code IS NOT NULL THEN
    RETURN NEW;
  END IF;
  INSERT INTO workspace_counters (workspace_id, name, value) VALUES (NEW.workspace_id, 'code:' || series, 1)
  ON CONFLICT (workspace_id, name) DO UPDATE SET value = workspace_counters.value + 1
  RETURNING value INTO n;
  NEW.code := series || '-' || lpad(n::text, greatest(TG_ARGV[1]::int, length(n::text)), '0');
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER customers_code BEFORE INSERT ON customers FOR EACH ROW EXECUTE FUNCTION assign_record_code('CLI', '4');--> statement-breakpoint
CREATE TRIGGER employees_code BEFORE INSERT ON employees FOR EACH ROW EXECUTE FUNCTION assign_record_code('EMP', '4');--> statement-breakpoint
CREATE TRIGGER suppliers_code BEFORE INSERT ON suppliers FOR EACH ROW EXECUTE FUNCTION assign_record_code('SUP', '4');--> statement-breakpoint
CREATE TRIGGER professionals_code BEFORE INSERT ON professionals FOR EACH ROW EXECUTE FUNCTION assign_record_code('PRO', '4');--> statement-breakpoint
CREATE TRIGGER projects_code BEFORE INSERT ON projects FOR EACH ROW EXECUTE FUNCTION assign_record_code('PRJ', '4');--> statement-breakpoint
CREATE TRIGGER tasks_code BEFORE INSERT ON tasks FOR EACH ROW EXECUTE FUNCTION assign_record_code('TSK', '4');--> statement-breakpoint
CREATE TRIGGER plants_code BEFORE INSERT ON plants FOR EACH ROW EXECUTE FUNCTION assign_record_code('PLT', '2');--> statement-breakpoint
CREATE TRIGGER materials_code BEFORE INSERT ON materials FOR EACH ROW EXECUTE FUNCTION assign_record_code('MAT', '4');--> statement-breakpoint
CREATE TRIGGER batches_code BEFORE INSERT ON batches FOR EACH ROW EXECUTE FUNCTION assign_record_code('B', '4', 'year');--> statement-breakpoint
-- A code, once given, never changes.
CREATE FUNCTION keep_record_code() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.code := OLD.code;
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER customers_code_kept BEFORE UPDATE OF code ON customers FOR EACH ROW EXECUTE FUNCTION keep_record_code();--> statement-breakpoint
CREATE TRIGGER employees_code_kept BEFORE UPDATE OF code ON employees FOR EACH ROW EXECUTE FUNCTION keep_record_code();--> statement-breakpoint
CREATE TRIGGER suppliers_code_kept BEFORE UPDATE OF code ON suppliers FOR EACH ROW EXECUTE FUNCTION keep_record_code();--> statement-breakpoint
CREATE TRIGGER professionals_code_kept BEFORE UPDATE OF code ON professionals FOR EACH ROW EXECUTE FUNCTION keep_record_code();--> statement-breakpoint
CREATE TRIGGER projects_code_kept BEFORE UPDATE OF code ON projects FOR EACH ROW EXECUTE FUNCTION keep_record_code();--> statement-breakpoint
CREATE TRIGGER tasks_code_kept BEFORE UPDATE OF code ON tasks FOR EACH ROW EXECUTE FUNCTION keep_record_code();--> statement-breakpoint
CREATE TRIGGER plants_code_kept BEFORE UPDATE OF code ON plants FOR EACH ROW EXECUTE FUNCTION keep_record_code();--> statement-breakpoint
CREATE TRIGGER materials_code_kept BEFORE UPDATE OF code ON materials FOR EACH ROW EXECUTE FUNCTION keep_record_code();--> statement-breakpoint
CREATE TRIGGER batches_code_kept BEFORE UPDATE OF code ON batches FOR EACH ROW EXECUTE FUNCTION keep_record_code();--> statement-breakpoint
-- A batch's history is append-only: no UPDATE ever, and a DELETE only as part of deleting its workspace.
CREATE FUNCTION batch_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Deleting a workspace deletes its rows first and cascades here after: only then is its history let go.
  IF TG_OP = 'DELETE' AND NOT EXISTS (SELECT 1 FROM workspaces WHERE id = OLD.workspace_id) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'batch history is append-only' USING ERRCODE = 'restrict_violation';
END
$$;--> statement-breakpoint
CREATE TRIGGER batch_history_append_only BEFORE UPDATE OR DELETE ON batch_history FOR EACH ROW EXECUTE FUNCTION batch_history_append_only();--> statement-breakpoint
CREATE TRIGGER batch_history_no_truncate BEFORE TRUNCATE ON batch_history FOR EACH STATEMENT EXECUTE FUNCTION batch_history_append_only();
