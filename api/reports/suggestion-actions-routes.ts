import { createRouter } from '../router';

/** The suggestion-to-action report, mounted at `/reports/suggestions`. */
export const suggestionReportRoutes = createRouter();
