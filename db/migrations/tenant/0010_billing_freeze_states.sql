-- Review of issue 9: the freeze of issued invoices also covers their life and their links.
-- A state only moves issued → cancelled (never back, never to draft); the public pay token of an
-- issued invoice never changes; a line's session may only be unlinked (the session was deleted
-- with its client), never pointed at another session.
DROP TRIGGER `invoices_issued_frozen`;--> statement-breakpoint
CREATE TRIGGER `invoices_issued_frozen` BEFORE UPDATE ON `invoices`
WHEN OLD.state <> 'draft' AND (
  (NEW.state IS NOT OLD.state AND NOT (OLD.state = 'issued' AND NEW.state = 'cancelled'))
  OR (OLD.public_token IS NOT NULL AND NEW.public_token IS NOT OLD.public_token)
  OR NEW.kind IS NOT OLD.kind OR NEW.number IS NOT OLD.number OR NEW.series IS NOT OLD.series OR NEW.sequence IS NOT OLD.sequence OR NEW.credited_invoice_id IS NOT OLD.credited_invoice_id OR NEW.quote_id IS NOT OLD.quote_id OR NEW.schedule_part IS NOT OLD.schedule_part OR NEW.title IS NOT OLD.title OR NEW.issue_date IS NOT OLD.issue_date OR NEW.service_date IS NOT OLD.service_date OR NEW.service_end_date IS NOT OLD.service_end_date OR NEW.due_date IS NOT OLD.due_date OR NEW.vat_regime IS NOT OLD.vat_regime OR NEW.total_ht_cents IS NOT OLD.total_ht_cents OR NEW.total_vat_cents IS NOT OLD.total_vat_cents OR NEW.total_ttc_cents IS NOT OLD.total_ttc_cents OR NEW.notes IS NOT OLD.notes OR NEW.seller IS NOT OLD.seller OR NEW.buyer IS NOT OLD.buyer OR NEW.issued_at IS NOT OLD.issued_at)
BEGIN SELECT RAISE(ABORT, 'FROZEN: an issued invoice cannot be edited; issue a credit note'); END;--> statement-breakpoint
CREATE TRIGGER `invoice_lines_session_frozen` BEFORE UPDATE OF session_id ON `invoice_lines`
WHEN NEW.session_id IS NOT NULL AND NEW.session_id IS NOT OLD.session_id
  AND (SELECT state FROM invoices WHERE id = OLD.invoice_id) <> 'draft'
BEGIN SELECT RAISE(ABORT, 'FROZEN: the lines of an issued invoice cannot change'); END;
