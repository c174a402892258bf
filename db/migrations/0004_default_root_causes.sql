-- The root causes a new installation starts with, so the first case can be resolved at once.
-- Managers rename, archive or add to them under SLA & routing; these ids are not special.
INSERT OR IGNORE INTO `root_causes` (`id`, `name`, `archived_at`, `created_at`) VALUES
	('rc_default_product_defect', 'Product defect', NULL, 1796169600000),
	('rc_default_delivery', 'Delivery or logistics', NULL, 1796169600001),
	('rc_default_billing', 'Billing error', NULL, 1796169600002),
	('rc_default_communication', 'Communication or expectations', NULL, 1796169600003),
	('rc_default_process', 'Process or policy gap', NULL, 1796169600004),
	('rc_default_staff', 'Staff conduct', NULL, 1796169600005),
	('rc_default_customer', 'Customer error or misunderstanding', NULL, 1796169600006),
	('rc_default_other', 'Other', NULL, 1796169600007);
