import { afterAll } from 'vitest';
import { stopIdleWorkers } from './worker-host';

// The Workers kept between a file's tests (borrowApiWorker) stop with the file.
afterAll(stopIdleWorkers);
