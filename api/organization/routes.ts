import { createRouter } from '../router';

export const organizationRoutes = createRouter();
