-- The office's profile is now shared by its PCs (all but the counter number): its version is
-- the newest office.configured op here, so a pulled older one loses to it.
INSERT INTO entity_versions (entity, hlc, device_id, op_id)
SELECT 'office', hlc, device_id, id FROM ops
WHERE kind = 'office.configured'
ORDER BY hlc DESC, device_id DESC
LIMIT 1
ON CONFLICT (entity) DO NOTHING;
