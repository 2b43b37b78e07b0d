CREATE INDEX "batches_code_trgm_idx" ON "batches" USING gin ("code" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "employees_code_trgm_idx" ON "employees" USING gin ("code" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "equipment_code_trgm_idx" ON "equipment" USING gin ("code" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "materials_code_trgm_idx" ON "materials" USING gin ("code" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "plants_code_trgm_idx" ON "plants" USING gin ("code" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "professionals_code_trgm_idx" ON "professionals" USING gin ("code" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "projects_code_trgm_idx" ON "projects" USING gin ("code" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "suppliers_code_trgm_idx" ON "suppliers" USING gin ("code" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "tasks_code_trgm_idx" ON "tasks" USING gin ("code" gin_trgm_ops);