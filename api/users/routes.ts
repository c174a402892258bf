import { createRouter } from '../router';

export const userRoutes = createRouter();
