import type { WebhookEventType } from '$api/domain/webhooks';

/** The events an endpoint can receive, as the console explains them. */
export const webhookEvents: { type: WebhookEventType; label: string; description: string }[] = [
	{
		type: 'case.opened',
		label: 'Case opened',
		description:
			'A complaint becomes a case: from the form, an email, staff, the API or a low score.'
	},
	{
		type: 'sla.warned',
		label: 'SLA warning',
		description: 'A case’s first-response or resolution promise is about to run out.'
	},
	{
		type: 'sla.breached',
		label: 'SLA breached',
		description: 'A case missed its first-response or resolution promise.'
	},
	{
		type: 'response.received',
		label: 'Survey answered',
		description: 'A customer gave a survey score (NPS, CSAT or CES).'
	},
	{
		type: 'action.done',
		label: 'Action done',
		description: 'An improvement action was marked done.'
	}
];

export const eventLabel = (type: string) =>
	webhookEvents.find((event) => event.type === type)?.label ??
	(type === 'webhook.test' ? 'Test event' : type);

export const deliveryTones = { pending: 'yellow', succeeded: 'green', failed: 'red' } as const;
export const deliveryLabels = {
	pending: 'Pending',
	succeeded: 'Delivered',
	failed: 'Failed'
} as const;
