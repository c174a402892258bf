import { createRouter } from '../router';

export const teamRoutes = createRouter();
