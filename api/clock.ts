/** The one source of time. Domain code receives `now` from here, never from `Date`. */
export type Clock = { now(): Date };

export const systemClock: Clock = { now: () => new Date() };

/**
 * A clock that runs with the system clock but can be moved: tests and demos
 * shift it forward to see SLA timers and survey cadences play out.
 */
export type AdjustableClock = Clock & {
	/** Moves the clock by `ms` milliseconds (forward when positive). */
	advance(ms: number): void;
	/** Sets the clock to `at`; it keeps running from there. */
	set(at: Date): void;
	/** Stops the clock at its current reading, or lets it run again. */
	freeze(frozen: boolean): void;
	offsetMs(): number;
};

export function createAdjustableClock(start?: Date, base: Clock = systemClock): AdjustableClock {
	let offset = start ? start.getTime() - base.now().getTime() : 0;
	let frozenAt: number | null = null;
	const read = () => frozenAt ?? base.now().getTime() + offset;
	return {
		now: () => new Date(read()),
		advance(ms) {
			if (frozenAt !== null) frozenAt += ms;
			else offset += ms;
		},
		set(at) {
			if (frozenAt !== null) frozenAt = at.getTime();
			else offset = at.getTime() - base.now().getTime();
		},
		freeze(frozen) {
			if (frozen && frozenAt === null) frozenAt = read();
			if (!frozen && frozenAt !== null) {
				offset = frozenAt - base.now().getTime();
				frozenAt = null;
			}
		},
		offsetMs: () => read() - base.now().getTime()
	};
}

/** A clock that only moves when told to: for unit and integration tests. */
export function createFixedClock(at: Date): AdjustableClock {
	const clock = createAdjustableClock(at);
	clock.freeze(true);
	clock.set(at);
	return clock;
}
