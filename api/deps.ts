import type { Database } from '../db/database';
import type { Mailer } from '../emails/mailer';
import type { Clock } from './clock';
import type { Config } from './config';

/** Everything the app needs from its host; each host (Node, Workers, tests) builds one. */
export type Deps = {
	db: Database;
	clock: Clock;
	mailer: Mailer;
	config: Config;
};
