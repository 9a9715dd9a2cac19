"""Reports on the audit trail: who looked at a child, what a user did, and the auditor's search."""
