import { createRoute, z } from '@hono/zod-openapi';
import type { AdjustableClock, Clock } from '../clock';
import { AppError } from '../errors';
import { errors, jsonBody, jsonResponse } from '../openapi';
import { createRouter } from '../router';
import { runTick } from '../tick';

/** The tick's report, section by section (api/tick.ts). */
const TickResult = z.record(z.string(), z.unknown()).openapi('TickResult');

const ClockState = z.object({ now: z.string(), offsetMs: z.number() }).openapi('ClockState');

const ClockChange = z
	.object({
		advanceMinutes: z.number().int().min(-525_600).max(5_256_000).optional(),
		set: z.iso.datetime({ offset: true }).optional(),
		/** Stops the clock at its reading (true) or lets it run on from there (false). */
		frozen: z.boolean().optional()
	})
	.refine(
		({ advanceMinutes, set, frozen }) =>
			(advanceMinutes === undefined || set === undefined) &&
			(advanceMinutes !== undefined || set !== undefined || frozen !== undefined),
		{ message: 'Give advanceMinutes or set (not both), or frozen.' }
	);

function isAdjustable(clock: Clock): clock is AdjustableClock {
	return 'advance' in clock && 'set' in clock;
}

/**
 * Moves the injected clock, for browser tests and demos. It exists only when
 * CLOSELOOP_CLOCK_CONTROL is on, which the config refuses in production.
 */
function requireClockControl(clock: Clock, enabled: boolean): AdjustableClock {
	if (!enabled || !isAdjustable(clock)) throw new AppError('not_found', 'Clock control is off.');
	return clock;
}

export const clockRoutes = createRouter()
	.openapi(
		createRoute({
			method: 'get',
			path: '/',
			tags: ['System'],
			security: [],
			summary: 'Read the injected clock (only with CLOSELOOP_CLOCK_CONTROL on)',
			responses: { 200: jsonResponse(ClockState, 'The clock'), ...errors(404) }
		}),
		(c) => {
			const clock = requireClockControl(c.var.deps.clock, c.var.deps.config.clockControl);
			return c.json({ now: clock.now().toISOString(), offsetMs: clock.offsetMs() }, 200);
		}
	)
	.openapi(
		createRoute({
			method: 'post',
			path: '/',
			tags: ['System'],
			security: [],
			summary: 'Move the injected clock (only with CLOSELOOP_CLOCK_CONTROL on)',
			request: { body: jsonBody(ClockChange) },
			responses: { 200: jsonResponse(ClockState, 'The moved clock'), ...errors(404, 422) }
		}),
		(c) => {
			const clock = requireClockControl(c.var.deps.clock, c.var.deps.config.clockControl);
			const change = c.req.valid('json');
			if (change.frozen !== undefined) clock.freeze(change.frozen);
			if (change.advanceMinutes !== undefined) clock.advance(change.advanceMinutes * 60_000);
			if (change.set !== undefined) clock.set(new Date(change.set));
			return c.json({ now: clock.now().toISOString(), offsetMs: clock.offsetMs() }, 200);
		}
	)
	.openapi(
		createRoute({
			method: 'post',
			path: '/tick',
			tags: ['System'],
			security: [],
			summary:
				'Run one tick now, as the cron or ticker would (only with CLOSELOOP_CLOCK_CONTROL on)',
			description:
				'Runs the background work (survey scheduler, SLA sweep, outbox, rollups, webhooks) once at the injected clock and answers what it did. For demos and tests, where waiting a minute for the next tick is too long.',
			responses: { 200: jsonResponse(TickResult, 'What the tick did'), ...errors(404) }
		}),
		async (c) => {
			requireClockControl(c.var.deps.clock, c.var.deps.config.clockControl);
			return c.json(await runTick(c.var.deps), 200);
		}
	);
