-- The dashboard's figures (docs/dashboard.md): each count is served by an index, never by
-- reading the rows it counts.
-- CreateIndex
CREATE INDEX "alerts_case_id_dismissed_at_idx" ON "alerts"("case_id", "dismissed_at");

-- CreateIndex
CREATE INDEX "alerts_enrichment_state_idx" ON "alerts"("enrichment_state");

-- CreateIndex
CREATE INDEX "case_status_changes_from_status_changed_at_idx" ON "case_status_changes"("from_status", "changed_at");

-- CreateIndex
CREATE INDEX "case_status_changes_to_status_changed_at_idx" ON "case_status_changes"("to_status", "changed_at");

-- CreateIndex
CREATE INDEX "case_tasks_assignee_id_done_at_idx" ON "case_tasks"("assignee_id", "done_at");

-- CreateIndex
CREATE INDEX "cases_status_owner_id_idx" ON "cases"("status", "owner_id");

